// Which model the editor uses, as every surface names it.

/** The base model shipped with Recur (bare, or with this workspace read into its context models), or a model trained on this workspace. */
export type ModelOrigin = 'base' | 'baseReadWorkspace' | 'workspace';
