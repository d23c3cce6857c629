terraform {
  # Optional object attributes and for_each over maps need 1.3; 1.5 is the
  # oldest release still supported by HashiCorp when this was written.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the oldest release checked (scripts/terraform-check.sh). The
      # module reads data.aws_region.current.name: 6.x deprecates it for
      # .region, which 5.x does not have.
      version = ">= 5.100"
    }
  }
}
