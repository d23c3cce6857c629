# The least-privilege guard of the query policy, as rendered. Every name the
# module knows is written out, so a "*" in the policy is a mistake (an edit of
# the module, or an input such as a table name "*") except where AWS allows
# nothing else:
#   - "*" as the whole resource, for actions that support no resource-level
#     permission (Service Authorization Reference);
#   - table/<database>/* for glue:GetTables alone, which lists a database and
#     is authorized against all of its tables;
#   - <results bucket>/<prefix>* for the S3 object actions alone: Athena names
#     the result objects.
# The role policies' preconditions fail on any finding, so such a policy is
# never attached (at plan when the policy is known, else at apply).

locals {
  no_resource_actions = ["athena:ListWorkGroups", "athena:ListDataCatalogs", "lakeformation:GetDataAccess"]
  s3_object_actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]

  # The rendered statements; Action and Resource are a string or a list.
  policy_statements = [
    for st in jsondecode(data.aws_iam_policy_document.combined.json).Statement : {
      sid       = try(st.Sid, "")
      actions   = flatten([try(st.Action, [])])
      resources = flatten([try(st.Resource, [])])
    }
  ]

  policy_wildcards = flatten([
    for st in local.policy_statements : concat(
      [for a in st.actions : "${st.sid}: action ${a}" if strcontains(a, "*")],
      length(st.resources) == 0 ? ["${st.sid}: no resource"] : [],
      [
        for r in st.resources : "${st.sid}: resource ${r} for ${join(",", st.actions)}"
        if strcontains(r, "*") && !(
          r == "*" ? length(setsubtract(st.actions, local.no_resource_actions)) == 0 :
          st.actions == ["glue:GetTables"] ? can(regex("^arn:[a-z-]+:glue:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_]+/\\*$", r)) :
          length(setsubtract(st.actions, local.s3_object_actions)) == 0 && can(regex("^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]+/[^*]*\\*$", r))
        )
      ],
    )
  ])
}
