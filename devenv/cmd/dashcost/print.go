package main

import (
	"fmt"
	"io"
)

// Athena's price: USD 5 per TB scanned (decimal units), each query billed
// at least 10 MB, rounded up to the next MB.
const (
	usdPerTB     = 5.0
	minBilled    = 10_000_000
	billingBlock = 1_000_000
)

// billed is what Athena bills for a query that scanned n bytes.
func billed(n int64) int64 {
	n = max(n, minBilled)
	return (n + billingBlock - 1) / billingBlock * billingBlock
}

func usd(n int64) float64 { return float64(n) / 1e12 * usdPerTB }

func human(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

// printCosts writes one section per dashboard and a summary table, in
// Markdown.
func printCosts(w io.Writer, costs []dashboardCost) {
	fmt.Fprintln(w, "| dashboard | default range | Athena queries per refresh | scanned | billed (10 MB minimum) | USD per refresh |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: |")
	for _, c := range costs {
		q, scanned, bill := c.totals()
		fmt.Fprintf(w, "| %s (`%s`) | %s | %d | %s | %s | %.5f |\n", c.Title, c.UID, c.Range, q, human(scanned), human(bill), usd(bill))
	}
	for _, c := range costs {
		fmt.Fprintf(w, "\n%s (`%s`), %s; athena-local saw %d StartQueryExecution calls:\n\n", c.Title, c.UID, c.Range, c.Started)
		fmt.Fprintln(w, "| kind | title | queries | scanned | error |")
		fmt.Fprintln(w, "| --- | --- | ---: | ---: | --- |")
		for _, it := range c.Items {
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s |\n", it.Kind, it.Title, it.Queries, human(it.Scanned), it.Err)
		}
	}
}

// totals are the refresh's queries, bytes scanned and bytes billed (each
// query at least 10 MB).
func (c dashboardCost) totals() (queries int, scanned, bill int64) {
	for _, it := range c.Items {
		queries += it.Queries
		scanned += it.Scanned
		for _, n := range it.PerQuery {
			bill += billed(n)
		}
	}
	return queries, scanned, bill
}
