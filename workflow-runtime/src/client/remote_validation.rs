//! The answer of the service's `ValidateStateMachineDefinition`.

use crate::asl::{Code, Diagnostic, Pointer, Severity};

/// The answer of `ValidateStateMachineDefinition`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteValidation {
    /// Whether the service accepts the definition (`OK`).
    pub ok: bool,
    /// What it found.
    pub diagnostics: Vec<RemoteDiagnostic>,
    /// Whether the list was cut short.
    pub truncated: bool,
}

impl RemoteValidation {
    /// The diagnostics as this crate's [`Diagnostic`]s, for those whose code the local
    /// validator knows (the service's codes were adopted where they exist) and whose location
    /// is a JSON pointer.
    pub fn to_diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter_map(RemoteDiagnostic::to_diagnostic)
            .collect()
    }
}

/// One diagnostic of `ValidateStateMachineDefinition`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteDiagnostic {
    /// The service's `ERROR` or `WARNING`.
    pub severity: Severity,
    /// The service's code, e.g. `MISSING_TRANSITION_TARGET`.
    pub code: String,
    /// The service's message.
    pub message: String,
    /// Where: a JSON pointer such as `/States/A/Next`, when given.
    pub location: Option<String>,
}

impl RemoteDiagnostic {
    /// This diagnostic as a [`Diagnostic`], when its code is one of ours.
    ///
    /// ```
    /// use workflow_runtime::client::RemoteDiagnostic;
    /// let remote = RemoteDiagnostic {
    ///     severity: workflow_runtime::asl::Severity::Error,
    ///     code: "MISSING_TRANSITION_TARGET".into(),
    ///     message: "Missing 'Next' target: B".into(),
    ///     location: Some("/States/A/Next".into()),
    /// };
    /// let d = remote.to_diagnostic().unwrap();
    /// assert_eq!(d.pointer.as_str(), "/States/A/Next");
    /// ```
    pub fn to_diagnostic(&self) -> Option<Diagnostic> {
        let code = Code::from_name(&self.code)?;
        let pointer = match self.location.as_deref() {
            Some(l) => Pointer::parse(l).unwrap_or_else(Pointer::root),
            None => Pointer::root(),
        };
        let diagnostic = match self.severity {
            Severity::Warning => Diagnostic::warning(code, pointer, self.message.clone()),
            Severity::Info => Diagnostic::info(code, pointer, self.message.clone()),
            Severity::Error => Diagnostic::error(code, pointer, self.message.clone()),
        };
        Some(diagnostic)
    }
}
