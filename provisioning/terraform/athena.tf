# The Athena workgroup Grafana queries in, and the bucket for its results.

resource "aws_athena_workgroup" "grafana" {
  name        = var.workgroup_name
  description = "Grafana queries on Amazon Security Lake (bytes-scanned cutoff, results in ${local.output_location})"
  state       = "ENABLED"

  configuration {
    # Queries cannot override the result location, encryption or cutoff.
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    # Athena cancels any query of this workgroup that scans more.
    bytes_scanned_cutoff_per_query = var.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location = local.output_location

      encryption_configuration {
        encryption_option = var.kms_key_arn != null ? "SSE_KMS" : "SSE_S3"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }

  # Amazon Managed Grafana's managed Athena policy lets the workspace role
  # run queries only in workgroups with this tag (AMG user guide, Athena).
  tags = merge(local.tags, { GrafanaDataSource = "true" })

  lifecycle {
    precondition {
      condition     = length(local.lake_tables) > 0
      error_message = "No Security Lake table to read: pass the sources your lake collects in sources_v2 (e.g. [\"cloud_trail_mgmt\", \"vpc_flow\"]), sources_v1 or custom_source_tables."
    }
    precondition {
      condition     = contains(local.regions, local.region)
      error_message = "regions must include the provider's Region (${local.region}): the module makes that Region's grants and workgroup; apply region/ for the others."
    }
    precondition {
      condition     = length(local.regions) == 1 || (var.database_name == null && !local.use_link)
      error_message = "With several regions, leave database_name and resource_share_arn unset: each Region's database is amazon_security_lake_glue_db_<region> (a subscriber share is read through one resource link, in one Region)."
    }
  }
}

# Created only when no results bucket is given. The name matches
# grafana-athena-query-results-*, the pattern of AMG's managed policy.
resource "aws_s3_bucket" "results" {
  count = var.results_bucket_name == null ? 1 : 0

  bucket        = "grafana-athena-query-results-${local.account_id}-${local.region}"
  force_destroy = true
  tags          = local.tags
}

resource "aws_s3_bucket_public_access_block" "results" {
  count = var.results_bucket_name == null ? 1 : 0

  bucket                  = aws_s3_bucket.results[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "results" {
  count = var.results_bucket_name == null ? 1 : 0

  bucket = aws_s3_bucket.results[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "results" {
  count = var.results_bucket_name == null ? 1 : 0

  bucket = aws_s3_bucket.results[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn != null ? "aws:kms" : "AES256"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

# Query results are a cache of the lake, not a record: expire them.
resource "aws_s3_bucket_lifecycle_configuration" "results" {
  count = var.results_bucket_name == null ? 1 : 0

  bucket = aws_s3_bucket.results[0].id
  rule {
    id     = "expire-query-results"
    status = "Enabled"
    filter {
      prefix = var.results_prefix
    }
    expiration {
      days = var.results_expiration_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}
