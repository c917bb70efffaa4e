// STUB (issue 5 fills this in): the model panel's webview script.
document.body.textContent = 'Recur model panel';
