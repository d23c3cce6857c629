# Inputs of the Grafana query role module. Every name the module can know is
# an input or derived from one, so no IAM statement needs a wildcard where a
# name exists (see README.md, "Least privilege").

variable "name_prefix" {
  description = "Prefix of the IAM roles and policies the module creates."
  type        = string
  default     = "grafana-securitylake"
}

variable "security_lake_account_id" {
  description = "Account that owns the Security Lake Glue catalog (the delegated administrator or the producer of a subscriber share). Defaults to the current account."
  type        = string
  default     = null
}

variable "sources_v2" {
  description = "Security Lake version 2 (OCSF 1.1) sources your lake collects, by table suffix without _2_0 (e.g. [\"cloud_trail_mgmt\", \"vpc_flow\"]); [] for none. Required: Lake Formation refuses a grant on a table that does not exist, so list only the sources enabled in the lake (aws securitylake list-log-sources)."
  type        = list(string)
  # No default: a default that assumes every source fails terraform apply
  # (EntityNotFoundException) on a lake that collects fewer.

  validation {
    condition     = alltrue([for s in var.sources_v2 : contains(["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings", "eks_audit", "waf"], s)])
    error_message = "sources_v2: pass the version 2 sources your lake collects, each one of cloud_trail_mgmt, lambda_execution, s3_data, vpc_flow, route53, sh_findings, eks_audit, waf (or [] for none)."
  }
}

variable "sources_v1" {
  description = "Security Lake version 1 (OCSF 1.0.0-rc.2) sources your lake still keeps, by table suffix without _1_0; [] for a lake with version 2 only (EKS audit and WAF have no version 1). Required, like sources_v2."
  type        = list(string)

  validation {
    condition     = alltrue([for s in var.sources_v1 : contains(["cloud_trail_mgmt", "lambda_execution", "s3_data", "vpc_flow", "route53", "sh_findings"], s)])
    error_message = "sources_v1: pass the version 1 sources your lake still keeps, each one of cloud_trail_mgmt, lambda_execution, s3_data, vpc_flow, route53, sh_findings (or [] for a version 2 lake)."
  }
}

variable "custom_source_tables" {
  description = "Custom-source (ext_) table names to grant as well, e.g. amazon_security_lake_table_us_east_1_ext_edr_process."
  type        = list(string)
  default     = []
}

variable "database_name" {
  description = "The Security Lake Glue database. Defaults to amazon_security_lake_glue_db_<region with _>."
  type        = string
  default     = null
}

variable "regions" {
  description = "Every Region whose Security Lake database Grafana reads (a lake without a rollup Region has one Glue database per Region), e.g. [\"us-east-1\", \"eu-west-1\"]. Null reads the provider's Region only. The role's IAM policy covers every Region named; Lake Formation grants and the workgroup are made in the provider's Region, which must be one of them, and in each other Region by the region/ submodule (see README.md, Many Regions)."
  type        = list(string)
  default     = null

  validation {
    condition     = var.regions == null || alltrue([for r in coalesce(var.regions, []) : can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", r))])
    error_message = "regions: pass AWS Region codes such as us-east-1 (or null for the provider's Region)."
  }
}

variable "create_self_hosted_role" {
  description = "Create the role self-hosted Grafana uses (datasource auth: default chain, or keys plus assumeRoleArn)."
  type        = bool
  default     = true
}

variable "trusted_principal_arns" {
  description = "IAM principals (users, roles) allowed to assume the self-hosted role, e.g. the role of the Grafana server or of the user whose keys Grafana holds."
  type        = list(string)
  default     = []
}

variable "trusted_services" {
  description = "AWS services allowed to assume the self-hosted role, e.g. [\"ec2.amazonaws.com\"] for an instance profile or [\"ecs-tasks.amazonaws.com\"]."
  type        = list(string)
  default     = []
}

variable "oidc_provider_arn" {
  description = "EKS IAM roles for service accounts: the cluster's OIDC provider ARN (with oidc_subjects)."
  type        = string
  default     = null
}

variable "oidc_subjects" {
  description = "EKS service accounts allowed through the OIDC provider, as system:serviceaccount:<namespace>:<name>."
  type        = list(string)
  default     = []
}

variable "external_id" {
  description = "External id required when trusted_principal_arns assume the self-hosted role (the datasource's externalId)."
  type        = string
  default     = null
}

variable "create_instance_profile" {
  description = "Also create an EC2 instance profile for the self-hosted role (needs trusted_services to include ec2.amazonaws.com)."
  type        = bool
  default     = false
}

variable "create_amg_role" {
  description = "Create a customer-managed Amazon Managed Grafana workspace role (datasource auth: Workspace IAM Role, ec2_iam_role)."
  type        = bool
  default     = false
}

variable "amg_workspace_arn" {
  description = "The AMG workspace allowed to assume the created workspace role (aws:SourceArn). Null allows any workspace of this account."
  type        = string
  default     = null
}

variable "amg_existing_role_name" {
  description = "An existing AMG workspace role (service-managed AmazonGrafanaServiceRole-<id> or your own) to attach the query policy and grant Lake Formation permissions to."
  type        = string
  default     = null
}

variable "results_bucket_name" {
  description = "Existing S3 bucket for Athena query results. Null creates grafana-athena-query-results-<account>-<region> (the name pattern AMG's managed Athena policy allows)."
  type        = string
  default     = null
}

variable "results_prefix" {
  description = "Key prefix of the query results in the bucket (ends with /)."
  type        = string
  default     = "securitylake/"
}

variable "results_expiration_days" {
  description = "Days after which query results are deleted from a bucket the module creates."
  type        = number
  default     = 7
}

variable "kms_key_arn" {
  description = "KMS key for query results (SSE-KMS). Null uses SSE-S3 and grants no KMS permission."
  type        = string
  default     = null
}

variable "workgroup_name" {
  description = "Athena workgroup Grafana queries in; it carries the tag GrafanaDataSource=true that AMG requires."
  type        = string
  default     = "grafana-securitylake"
}

variable "bytes_scanned_cutoff_per_query" {
  description = "Athena cancels a query of the workgroup that scans more bytes (at least 10 MB). Default 10 GiB."
  type        = number
  default     = 10737418240

  validation {
    condition     = var.bytes_scanned_cutoff_per_query >= 10000000
    error_message = "Athena's minimum bytes-scanned cutoff is 10 MB (10000000)."
  }
}

variable "resource_share_arn" {
  description = "Cross-account: the RAM share of a Security Lake subscriber (subscriber/ module output). When set, the module accepts it and creates a resource-link database."
  type        = string
  default     = null
}

variable "resource_link_database_name" {
  description = "Name of the resource-link database created for a subscriber share; the datasource's database setting."
  type        = string
  default     = "securitylake_shared"
}

variable "grant_default_database" {
  description = "Also grant DESCRIBE on this account's default database (Athena reads it under Lake Formation in some set-ups). Off by default: the database may not exist, and a grant on a missing database fails apply."
  type        = bool
  default     = false
}

variable "datasource_assumes_role" {
  description = "Whether the datasource assumes the self-hosted role (jsonData assumeRoleArn). Null decides: true only when the role trusts trusted_principal_arns and no service or OIDC provider, i.e. when Grafana's own credentials (keys, another role) belong to another principal. Grafana that runs as the role (instance profile, IRSA, ECS task) must not assume it: AWS refuses a role assuming itself without an explicit self-trust."
  type        = bool
  default     = null
}

variable "tags" {
  description = "Tags of every resource the module creates."
  type        = map(string)
  default     = {}
}
