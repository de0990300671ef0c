//! TLS to the server through rustls, as libpq's `sslmode` asks (DESIGN §14).
//!
//! `prefer` and `require` encrypt without checking who answers, as libpq does when no
//! root certificate is given; with `sslrootcert` (or `~/.postgresql/root.crt`), and
//! always under `verify-full`, the server's certificate must chain to those roots and
//! name the host.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::domain::{Error, Result};
use crate::store::target::SslMode;

/// The rustls settings for `mode`, with the roots in `rootcert` when given.
pub fn client_config(mode: SslMode, rootcert: Option<&Path>) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::storage(format!("TLS setup failed: {e}")))?;
    let roots = match rootcert.map(Path::to_path_buf).or_else(default_root) {
        Some(path) => Some(read_roots(&path)?),
        None if mode == SslMode::VerifyFull => {
            return Err(Error::invalid(
                "sslmode=verify-full needs the server's CA certificate: add sslrootcert=FILE to --db (or put it in ~/.postgresql/root.crt).",
            ))
        }
        None => None,
    };
    Ok(match roots {
        Some(roots) => builder.with_root_certificates(roots).with_no_client_auth(),
        None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
            .with_no_client_auth(),
    })
}

fn default_root() -> Option<PathBuf> {
    let path = directories::BaseDirs::new()?
        .home_dir()
        .join(".postgresql/root.crt");
    path.is_file().then_some(path)
}

fn read_roots(path: &Path) -> Result<RootCertStore> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
        .and_then(|it| it.collect())
        .map_err(|e| {
            Error::invalid(format!(
                "cannot read the CA certificate {}: {e}.",
                path.display()
            ))
        })?;
    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(Error::invalid(format!(
            "{} holds no certificate crm can use.",
            path.display()
        )));
    }
    Ok(roots)
}

/// Encrypts without checking the certificate: libpq's `require` without a root file.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
