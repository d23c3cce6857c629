# A Security Lake subscriber with Lake Formation (query) access, for Grafana
# in another account. Apply this in the Security Lake (delegated
# administrator) account and Region; pass resource_share_arn to the parent
# module applied in the Grafana account, which accepts the share and creates
# the resource link (Security Lake user guide:
# https://docs.aws.amazon.com/security-lake/latest/userguide/subscriber-query-access.html).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100"
    }
  }
}

variable "name" {
  description = "Subscriber name."
  type        = string
  default     = "grafana"
}

variable "subscriber_account_id" {
  description = "The account Grafana queries from."
  type        = string
}

variable "external_id" {
  description = "External id of the subscriber identity."
  type        = string
}

variable "sources" {
  description = "AWS log sources (API sourceName and version) your lake collects, shared with the subscriber, e.g. [{ name = \"CLOUD_TRAIL_MGMT\", version = \"2.0\" }, { name = \"VPC_FLOW\", version = \"2.0\" }]. Required: list only sources enabled in the lake (aws securitylake list-log-sources)."
  type = list(object({
    name    = string
    version = string
  }))
  # No default: a default that assumes every source asks Security Lake to
  # share tables a lake without them does not have.

  validation {
    condition     = length(var.sources) > 0 && alltrue([for s in var.sources : contains(["CLOUD_TRAIL_MGMT", "LAMBDA_EXECUTION", "S3_DATA", "VPC_FLOW", "ROUTE53", "SH_FINDINGS", "EKS_AUDIT", "WAF"], s.name) && contains(["1.0", "2.0"], s.version)])
    error_message = "sources: pass the log sources your lake collects, each { name, version } with name one of CLOUD_TRAIL_MGMT, LAMBDA_EXECUTION, S3_DATA, VPC_FLOW, ROUTE53, SH_FINDINGS, EKS_AUDIT, WAF and version \"1.0\" or \"2.0\"."
  }
}

variable "tags" {
  description = "Tags of the subscriber."
  type        = map(string)
  default     = {}
}

resource "aws_securitylake_subscriber" "grafana" {
  subscriber_name        = var.name
  subscriber_description = "Grafana queries the lake through Athena with Lake Formation permissions"
  # LAKEFORMATION: query access through a RAM share of the Glue tables (not
  # S3 object notifications).
  access_type = "LAKEFORMATION"

  subscriber_identity {
    principal   = var.subscriber_account_id
    external_id = var.external_id
  }

  dynamic "source" {
    for_each = var.sources
    content {
      aws_log_source_resource {
        source_name    = source.value.name
        source_version = source.value.version
      }
    }
  }

  tags = var.tags
}

output "resource_share_arn" {
  description = "The RAM share to accept in the subscriber account (parent module input resource_share_arn)."
  value       = aws_securitylake_subscriber.grafana.resource_share_arn
}

output "resource_share_name" {
  description = "The RAM share's name."
  value       = aws_securitylake_subscriber.grafana.resource_share_name
}
