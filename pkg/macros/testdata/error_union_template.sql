$__union(vpc_flow, route53, SELECT count(*) FROM $__table)
