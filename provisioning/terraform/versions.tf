terraform {
  # Optional object attributes and for_each over maps need 1.3; 1.5 is the
  # oldest release still supported by HashiCorp when this was written.
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x: data.aws_region.current.region (name is deprecated there).
      version = ">= 6.0"
    }
  }
}
