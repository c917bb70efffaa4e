// Entry point of the model panel's webview (bundled by esbuild into dist/webview/panel.js,
// with uPlot and the styles into dist/webview/panel.css).
import 'uplot/dist/uPlot.min.css';
import './panel.css';
import { App } from './app';

const root = document.getElementById('app');
if (root) new App(root);
