package plugin

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"sync"
)

// caBundleEnv is the AWS SDK's variable for extra root certificates
// (corporate TLS proxies set it).
const caBundleEnv = "AWS_CA_BUNDLE"

var (
	caOnce   sync.Once
	caClient *http.Client
	caErr    error
)

// AdoptCABundle makes the plugin honour AWS_CA_BUNDLE itself. grafana-aws-sdk
// hands aws-sdk-go-v2 a plain *http.Client, and the SDK's config loader then
// refuses the bundle ("unable to add custom RootCAs HTTPClient, has no
// WithTransportOptions"), failing every request. So the plugin reads the
// bundle once at start-up into its own client (system roots + bundle) and
// removes the variable from its process environment, so the loader does not
// try again. Call it from main before serving.
func AdoptCABundle() error {
	caOnce.Do(func() {
		path := os.Getenv(caBundleEnv)
		if path == "" {
			return
		}
		pem, err := os.ReadFile(path) //nolint:gosec // G703: the path is the operator's AWS_CA_BUNDLE, read once at start-up
		if err != nil {
			caErr = fmt.Errorf("%s: %w", caBundleEnv, err)
			return
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			caErr = fmt.Errorf("%s: %s holds no PEM certificate", caBundleEnv, path)
			return
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		caClient = &http.Client{Transport: tr}
		caErr = os.Unsetenv(caBundleEnv)
	})
	return caErr
}
