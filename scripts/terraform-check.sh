#!/usr/bin/env bash
# terraform-check.sh — check the Terraform module in provisioning/terraform
# with Terraform itself, offline: `terraform fmt -check`, `terraform validate`
# of the module and of each submodule, and `terraform test` (the plans of each
# supported set-up with their least-privilege assertions, tests/*.tftest.hcl).
#
# The hashicorp/aws provider comes from a filesystem mirror, never from the
# registry: SECLAKE_TF_MIRROR names the folder holding registry.terraform.io/,
# else the script looks for one within three levels of /. Without a mirror (or
# without terraform on the PATH) it fails and says so.
#
# provisioning/terraform/amg-grafana (Amazon Managed Grafana content through
# the grafana/grafana provider) is only fmt-checked: that provider is not in
# the mirror, so the folder is never initialized. Its provider-free content/
# module is validated and tested like the others.
#
# Nothing is written to the working tree: the provider links and module
# manifests live in a temporary TF_DATA_DIR, and the dependency lock files
# that `terraform init` writes are removed again unless they were there before.
set -euo pipefail
cd "$(dirname "$0")/.."

MODULE=provisioning/terraform
# No upgrade check against checkpoint-api.hashicorp.com.
export CHECKPOINT_DISABLE=1

fail() { echo "terraform-check: $*" >&2; exit 1; }

command -v terraform >/dev/null 2>&1 || fail "terraform is not on the PATH (the module's tests need Terraform >= 1.11)"
# The tests override computed values during plan (override_during, 1.11).
version=$(TF_CLI_CONFIG_FILE=/dev/null terraform version 2>/dev/null | sed -n '1s/^Terraform v//p')
[[ "$(printf '%s\n' 1.11.0 "$version" | sort -V | head -1)" == 1.11.0 ]] ||
  fail "Terraform ${version:-of unknown version} is too old: the module's tests need >= 1.11"

mirror=${SECLAKE_TF_MIRROR:-}
if [[ -z "$mirror" ]]; then
  found=$(find / -maxdepth 3 -type d -name registry.terraform.io 2>/dev/null | head -1 || true)
  [[ -n "$found" ]] || fail "no Terraform provider mirror found (a registry.terraform.io folder within three levels of /); set SECLAKE_TF_MIRROR to the folder that holds registry.terraform.io/hashicorp/aws"
  mirror=$(dirname "$found")
fi
[[ -d "$mirror/registry.terraform.io/hashicorp/aws" ]] || fail "$mirror holds no registry.terraform.io/hashicorp/aws provider"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/terraform-check.XXXXXX")
created_locks=()
cleanup() {
  for f in "${created_locks[@]}"; do rm -f "$f"; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# Only the mirror: a provider missing from it fails init instead of reaching
# for the registry.
cat >"$tmp/cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc" TF_IN_AUTOMATION=1 TF_INPUT=0
color=()
[[ -t 1 ]] || color=(-no-color)

step() { printf -- '--> %s\n' "$*"; }

step "terraform fmt -check -recursive $MODULE"
terraform fmt -check -recursive -diff "${color[@]}" "$MODULE"

# The module, then each submodule (every other folder with .tf files but
# tests/). A submodule that a test file runs (module { source = "./x" }) is
# installed and validated by the module's own init and validate, which saves
# loading the provider's schema again; any other is validated on its own.
validate() {
  local dir=$1 data="$tmp/data/${1//\//_}"
  [[ -e "$dir/.terraform.lock.hcl" ]] || created_locks+=("$dir/.terraform.lock.hcl")
  step "terraform init + validate $dir"
  TF_DATA_DIR="$data" terraform -chdir="$dir" init -backend=false "${color[@]}" >"$tmp/init.log" 2>&1 ||
    { cat "$tmp/init.log" >&2; fail "terraform init of $dir failed (provider mirror: $mirror)"; }
  TF_DATA_DIR="$data" terraform -chdir="$dir" validate "${color[@]}"
}
validate "$MODULE"
# Roots whose providers the mirror lacks: fmt-checked above, never init.
FMT_ONLY=("$MODULE/amg-grafana")
for dir in $(find "$MODULE" -mindepth 2 -name '*.tf' -not -path '*/tests/*' -not -path '*/.terraform/*' -exec dirname {} \; | sort -u); do
  rel=./${dir#"$MODULE"/}
  if [[ " ${FMT_ONLY[*]} " == *" $dir "* ]]; then
    echo "    $dir: fmt only (its provider is not in the mirror)"
  elif grep -Eqs "^[[:space:]]*source[[:space:]]*=[[:space:]]*\"$rel\"" "$MODULE"/tests/*.tftest.hcl; then
    echo "    $dir: validated with the module (run by a test)"
  else
    validate "$dir"
  fi
done

step "terraform test $MODULE"
TF_DATA_DIR="$tmp/data/${MODULE//\//_}" terraform -chdir="$MODULE" test "${color[@]}"
