// The webview's side of VS Code: typed messages to the host and the persisted view state.
import { type WebviewMessage } from '../../src/shared/panelProtocol';
import { parsePanelViewState, type PanelViewState } from '../../src/shared/panelViewState';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function postToHost(message: WebviewMessage): void {
  api.postMessage(message);
}

/** The state saved with setState (after hide/show or a window reload), with defaults filled in. */
export function loadViewState(): PanelViewState {
  return parsePanelViewState(api.getState());
}

export function saveViewState(state: PanelViewState): void {
  api.setState(state);
}
