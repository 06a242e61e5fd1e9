//! Generator settings for one spec: what the spec itself cannot say. They live in
//! `oapigen.toml` beside the spec, never inside a partner's document.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};

/// Settings for one API.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ApiSettings {
    /// The spec file, relative to the settings file. It may be left out (and is then empty)
    /// where the spec is named otherwise: by the command line's SPEC, or `Builder::spec`.
    /// `cargo xtask codegen`, which finds specs by their settings, needs it.
    #[serde(default)]
    pub spec: String,
    /// The Rust module the API is generated into (snake_case). It may be left out (and is
    /// then empty) where the module is named otherwise, or `api` will do: the command line's
    /// `--module` and `Builder::module`, both `api` by default. `cargo xtask codegen` needs it.
    #[serde(default)]
    pub module: String,
    /// The Cargo feature that enables the module; the module name in kebab-case by default.
    #[serde(default)]
    pub feature: Option<String>,
    /// Wire names of properties whose values are secrets, in addition to every string with
    /// `format: password`. They become `SecretString`, which never prints its value.
    #[serde(default)]
    pub secret_properties: Vec<String>,
    /// An envelope that every response of the API is wrapped in, to be turned into a `Result`.
    #[serde(default)]
    pub envelope: Option<EnvelopeSettings>,
    /// Which serde traits the models derive.
    #[serde(default)]
    pub serde: SerdeDerives,
    /// How the generated client (feature `client`) logs in and keeps its access token.
    #[serde(default)]
    pub auth: Option<AuthSettings>,
    /// Fail on warnings too: a spec that needed any repair is refused.
    #[serde(default)]
    pub deny_warnings: bool,
    /// How operations are grouped into Cargo features of the generated crate.
    #[serde(default)]
    pub group_by: GroupBy,
    /// The file the settings were read from ([`ApiSettings::read`]), which problems with them
    /// name; `None` for settings made in code.
    #[serde(skip)]
    pub file: Option<String>,
}

/// How operations are grouped, each group a Cargo feature that compiles its operations and the
/// types they reach. Written in `oapigen.toml` as `group-by = "auto"` (the default), `"path"`,
/// `"none"`, or the name of a vendor extension such as `"x-category"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum GroupBy {
    /// By an operation's first tag; by its path where it has none.
    #[default]
    Auto,
    /// By the first segment of the path after a version prefix: `/v1/customers/{id}` is in
    /// `customers`.
    Path,
    /// By the value of this extension on the operation; by its path where it has none.
    Extension(String),
    /// No groups: the API is one feature.
    None,
}

impl<'de> Deserialize<'de> for GroupBy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "auto" => Ok(GroupBy::Auto),
            "path" => Ok(GroupBy::Path),
            "none" => Ok(GroupBy::None),
            _ if text.starts_with("x-") => Ok(GroupBy::Extension(text)),
            _ => Err(serde::de::Error::custom(format!(
                "`{text}` is not a way to group operations: use \"auto\", \"path\", \"none\" or an extension name starting with \"x-\""
            ))),
        }
    }
}

/// How the generated client gets, keeps and sends an access token. Operations are named by
/// `operationId`; properties by wire name, with `.` stepping into nested objects of the
/// operation's success body (inside the envelope, when the API has one).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AuthSettings {
    /// The operation that logs in. Its request body holds the credentials the client is made
    /// with; it takes no other required input.
    pub login: String,
    /// Where the access token is in the login's (and the refresh's) success body.
    pub access_token: String,
    /// Where the refresh token is, if the API gives one.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// The operation that trades the refresh token for new tokens.
    #[serde(default)]
    pub refresh: Option<String>,
    /// The property of the refresh operation's request body that carries the refresh token.
    #[serde(default)]
    pub refresh_body: Option<String>,
    /// The security scheme (its key in `components/securitySchemes`) the access token is sent
    /// as; every operation that accepts it gets the token attached. Without it, tokens are
    /// attached only by `send_authorized`.
    #[serde(default)]
    pub scheme: Option<String>,
    /// Seconds an access token lives when neither a JWT `exp` claim nor the server's clock
    /// says; without it, such a token is kept until the API refuses it.
    #[serde(default)]
    pub lifetime: Option<u64>,
    /// Where the server's current time is (UNIX seconds), to count the expiry from the
    /// server's clock rather than ours; goes with `expires-at`.
    #[serde(default)]
    pub server_now: Option<String>,
    /// Where the access token's expiry is (UNIX seconds by the server's clock).
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Seconds before the expiry at which the token is renewed.
    #[serde(default = "default_margin")]
    pub margin: u64,
}

fn default_margin() -> u64 {
    60
}

/// Which serde traits the models derive.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SerdeDerives {
    /// What the API uses: `Serialize` for what is sent (bodies, parameters), `Deserialize` for
    /// what is received (responses), both for schemas no operation uses. Derives are most of
    /// the compile time of a large API, so this is the default.
    #[default]
    AsUsed,
    /// Both on every model, so that received values can be stored and sent ones read back.
    Both,
}

impl ApiSettings {
    /// Settings with defaults for everything but the spec and module.
    pub fn new(spec: impl Into<String>, module: impl Into<String>) -> Self {
        Self {
            spec: spec.into(),
            module: module.into(),
            feature: None,
            secret_properties: Vec::new(),
            envelope: None,
            serde: SerdeDerives::default(),
            auth: None,
            deny_warnings: false,
            group_by: GroupBy::default(),
            file: None,
        }
    }

    /// Reads settings from the text of an `oapigen.toml`.
    pub fn from_toml(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// Reads settings from the text of the file named `file` (an `oapigen.toml`), which
    /// problems with them name: a mistake in the text is an error at its line and column.
    pub fn read(file: &str, text: &str) -> Result<Self, Diagnostic> {
        let mut settings = Self::from_toml(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            Diagnostic::error(
                e.message().trim_end().to_owned(),
                Location {
                    file: file.to_owned(),
                    pointer: String::new(),
                    line: Some(line),
                    column: Some(column),
                },
            )
        })?;
        settings.file = Some(file.to_owned());
        Ok(settings)
    }

    /// The Cargo feature that enables this API.
    pub fn feature_name(&self) -> String {
        self.feature
            .clone()
            .unwrap_or_else(|| self.module.replace('_', "-"))
    }
}

/// The 1-based line and column, in characters, of a byte offset of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[start..].chars().count() + 1,
    )
}

/// Describes a response envelope such as `{result: SUCCESS|FAIL, data, error}`. Every object
/// schema with all three properties gets an `into_result` method.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvelopeSettings {
    /// The property that says whether the call succeeded.
    pub status: String,
    /// The value of `status` that means success (a string or a number).
    pub success: serde_json::Value,
    /// The property that holds the result on success.
    pub data: String,
    /// The property that holds the error details on failure.
    pub error: String,
}

/// Settings for the whole generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct CrateSettings {
    /// The package name.
    pub name: String,
    /// The package version.
    pub version: String,
    /// One line saying what the crate is.
    pub description: String,
    /// The command that regenerates the crate, named in every file's header.
    pub regenerate_command: String,
    /// Whether the manifest declares its own (empty) `[workspace]`, so that the crate builds
    /// wherever it is put, even inside another workspace's directory. A crate that is a member
    /// of a workspace must not.
    pub own_workspace: bool,
    /// Whether each group of an API's operations (see [`GroupBy`]) is a Cargo feature of the
    /// crate. A build script's modules are part of a crate whose features oapigen does not
    /// write, so they are compiled whole.
    pub group_features: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_with_an_envelope() {
        let settings = ApiSettings::from_toml(
            r#"
            spec = "openapi.json"
            module = "archisketch"
            secret-properties = ["accessKey"]
            [envelope]
            status = "result"
            success = "SUCCESS"
            data = "data"
            error = "error"
            "#,
        )
        .unwrap();
        assert_eq!(settings.feature_name(), "archisketch");
        assert_eq!(settings.secret_properties, ["accessKey"]);
        let envelope = settings.envelope.unwrap();
        assert_eq!(envelope.success, serde_json::json!("SUCCESS"));
    }

    #[test]
    fn spec_and_module_may_be_left_to_the_command_line() {
        let settings = ApiSettings::from_toml("secret-properties = [\"pin\"]\n").unwrap();
        assert_eq!((settings.spec.as_str(), settings.module.as_str()), ("", ""));
        assert_eq!(settings.secret_properties, ["pin"]);
    }

    #[test]
    fn mistakes_are_errors_at_their_line_and_column_of_the_named_file() {
        let text = "# Pets.\nmodule = \"pets\"\nsecret-properties = \"pin\"\n";
        let error = ApiSettings::read("config/partner.toml", text).unwrap_err();
        assert_eq!(
            error.to_string(),
            "config/partner.toml:3:21: error: invalid type: string \"pin\", expected a sequence"
        );
        let settings = ApiSettings::read("config/partner.toml", "module = \"pets\"\n").unwrap();
        assert_eq!(settings.file.as_deref(), Some("config/partner.toml"));
        // A missing key inside a table is placed at the table.
        let error = ApiSettings::read("a.toml", "module = \"é\"\n[auth]\nlogin = \"x\"\n");
        assert_eq!(
            error.unwrap_err().to_string(),
            "a.toml:2:1: error: missing field `access-token`"
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = ApiSettings::from_toml("spec = \"a\"\nmodule = \"b\"\nmodul = \"c\"\n");
        assert!(error.unwrap_err().to_string().contains("modul"));
    }

    #[test]
    fn feature_defaults_to_kebab_case_module() {
        assert_eq!(
            ApiSettings::new("s", "portone_v2_legacy").feature_name(),
            "portone-v2-legacy"
        );
    }
}
