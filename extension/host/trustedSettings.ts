/**
 * Workspace Trust for settings that hold patterns (`logscope.logFormat`, `logscope.formats`, the
 * `restrictedConfigurations` of package.json): in an untrusted workspace only their user-level
 * value counts, so a cloned repository cannot make Logscope run its regexes. The dashboard and
 * the language server both read these settings through here.
 */
import * as vscode from 'vscode';

/** Keys of the `logscope` section limited to user-level values in untrusted workspaces. */
export const RESTRICTED_SETTINGS: readonly string[] = ['logFormat', 'formats'];

/** The value of `logscope.<key>`, ignoring workspace-level values while the workspace is untrusted. */
export function trustedValue<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  if (vscode.workspace.isTrusted || !RESTRICTED_SETTINGS.includes(key)) return config.get<T>(key, fallback);
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/**
 * The whole `logscope` section for `resource` as plain JSON, restricted settings included only
 * as trust allows: what the language server is given when it asks for its settings.
 */
export function trustedLogscopeSection(resource?: vscode.Uri): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('logscope', resource);
  const section = JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(undefined, resource).get<unknown>('logscope') ?? {})) as Record<string, unknown>;
  for (const key of RESTRICTED_SETTINGS) {
    const value = trustedValue<unknown>(config, key, undefined);
    if (value === undefined) delete section[key];
    else section[key] = JSON.parse(JSON.stringify(value)) as unknown;
  }
  return section;
}
