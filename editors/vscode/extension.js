// The workflow debugger's VS Code extension: it registers the debug type `workflow`, whose
// adapter is the `workflow` tool's Debug Adapter Protocol server (`workflow debug`), started
// for each session over standard input and output. Everything else (breakpoints, stepping,
// scopes, the REPL, stepping back) is the adapter's.
'use strict';

const vscode = require('vscode');

/** Starts `workflow debug` (or the configured command) for a session. */
class WorkflowAdapterFactory {
  createDebugAdapterDescriptor(session) {
    const settings = vscode.workspace.getConfiguration('workflow.debug');
    const config = session.configuration;
    const command = config.adapterCommand || settings.get('command', 'workflow');
    const args = config.adapterArgs || settings.get('args', ['debug']);
    const folder = session.workspaceFolder && session.workspaceFolder.uri.fsPath;
    return new vscode.DebugAdapterExecutable(command, args, folder ? { cwd: config.cwd || folder } : undefined);
  }
}

function activate(context) {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory('workflow', new WorkflowAdapterFactory()),
  );
}

function deactivate() {}

module.exports = { activate, deactivate };
