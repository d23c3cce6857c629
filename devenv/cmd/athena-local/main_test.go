package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	athenasdk "github.com/aws/aws-sdk-go-v2/service/athena"

	"github.com/seclake/securitylake-datasource/devenv/trino"
	"github.com/seclake/securitylake-datasource/devenv/trino/trinotest"
)

func TestParseLatency(t *testing.T) {
	got, err := parseLatency("50ms")
	if err != nil || got["*"] != 50*time.Millisecond {
		t.Errorf("50ms = %v, %v", got, err)
	}
	got, err = parseLatency("GetQueryExecution=200ms, *=5ms")
	if err != nil || got["GetQueryExecution"] != 200*time.Millisecond || got["*"] != 5*time.Millisecond {
		t.Errorf("per op = %v, %v", got, err)
	}
	for _, bad := range []string{"fast", "X=1", "-5ms"} {
		if _, err := parseLatency(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-log", "loud"}, {"-latency", "x"}, {"extra"}, {"-nope"}, {"-trino", "127.0.0.1:8080"}, {"-listen", "256.0.0.1:1"},
		{"-faults", `[{"op":"GetObject","action":"fail"}]`}, {"-faults", "throttle"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestEnvironmentDefaults(t *testing.T) {
	t.Setenv("ATHENA_LOCAL_WORKGROUPS", "primary,grafana")
	c, err := parseFlags(nil, io.Discard)
	if err != nil || c.workgroups != "primary,grafana" || c.listen != "127.0.0.1:4566" {
		t.Errorf("config = %+v, %v", c, err)
	}
	c, _ = parseFlags([]string{"-workgroups", "x"}, io.Discard)
	if c.workgroups != "x" {
		t.Error("flag does not win over the environment")
	}
}

// TestServesUntilCancelled runs the command in-process on port 0.
func TestServesUntilCancelled(t *testing.T) {
	ft := trinotest.NewServer()
	defer ft.Close()
	ft.Handle(trinotest.Any(), trinotest.Result{Columns: []trino.Column{trinotest.Col("x", "integer")}, Rows: [][]any{{1}}})
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-listen", "127.0.0.1:0", "-trino", ft.URL(), "-workgroups", "primary,grafana", "-log", "off",
			"-latency", "ListWorkGroups=1ms", "-faults", `{"op":"GetWorkGroup","times":1,"action":"throttle"}`}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	url := listenURL(t, line)
	client := athenasdk.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "a", SecretAccessKey: "b"}, nil
		})})
	faults, err := http.Get(url + "/_admin/faults")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(faults.Body)
	faults.Body.Close()
	if want := `[{"op":"ListWorkGroups","delay":"1ms"},{"op":"GetWorkGroup","times":1,"action":"throttle"}]`; strings.TrimSpace(string(raw)) != want {
		t.Errorf("faults from the flags = %s, want %s", raw, want)
	}
	wg, err := client.GetWorkGroup(context.Background(), &athenasdk.GetWorkGroupInput{WorkGroup: aws.String("grafana")})
	if err != nil || aws.ToString(wg.WorkGroup.Configuration.EngineVersion.EffectiveEngineVersion) != "Athena engine version 3" {
		t.Fatalf("GetWorkGroup = %+v, %v", wg, err)
	}
	resp, err := http.Get(url + "/_admin/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health = %v, %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run = %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown")
	}
}

func listenURL(t *testing.T, line string) string {
	t.Helper()
	_, rest, ok := strings.Cut(line, "listening on ")
	if !ok {
		t.Fatalf("unexpected first line %q", line)
	}
	return strings.Fields(rest)[0]
}

// TestBinarySIGTERM builds the binary and checks the graceful shutdown on
// SIGTERM, as a test harness would stop it.
func TestBinarySIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "athena-local")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ft := trinotest.NewServer()
	defer ft.Close()
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-trino", ft.URL(), "-log", "info")
	cmd.Env = append(os.Environ(), "ATHENA_LOCAL_LATENCY=1ms")
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		t.Fatal(err)
	}
	url := listenURL(t, line)
	if resp, err := http.Get(url + "/_admin/faults"); err != nil || resp.StatusCode != 200 {
		t.Errorf("admin = %v, %v", resp, err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("no exit after SIGTERM")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("stderr = %s", stderr.String())
	}
}
