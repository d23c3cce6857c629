package frames

import (
	"fmt"
	"slices"
)

// Athena pricing (https://aws.amazon.com/athena/pricing/): USD 5 per TB of
// data scanned, rounded up to the nearest megabyte, with a 10 MB minimum
// per query. Decimal units, as on the pricing page.
const (
	usdPerTB       = 5.0
	bytesPerTB     = 1e12
	bytesPerMB     = 1_000_000
	minBilledBytes = 10 * bytesPerMB
)

// EstimatedCostUSD estimates what Athena charges for a query that scanned
// the given number of bytes: USD 5 per TB (5/1e12 per byte), rounded up to
// whole megabytes, at least 10 MB per query; see
// https://aws.amazon.com/athena/pricing/. A reused result that scanned
// nothing costs nothing. Negative inputs count as zero bytes.
//
// It is an estimate: DDL, failed queries and capacity-reservation
// workgroups are billed differently, and the figure ignores S3 and Glue.
func EstimatedCostUSD(bytes int64, reused bool) float64 {
	if bytes <= 0 && reused {
		return 0
	}
	billed := max(bytes, 0)
	if rem := billed % bytesPerMB; rem != 0 {
		billed += bytesPerMB - rem
	}
	billed = max(billed, minBilledBytes)
	return float64(billed) * usdPerTB / bytesPerTB
}

// CustomMeta is the frame's meta.custom: Athena facts about the query for
// the query inspector and the frontend.
type CustomMeta struct {
	// QueryID is the Athena QueryExecutionId.
	QueryID string `json:"queryId"`
	// DataScannedBytes is Statistics.DataScannedInBytes.
	DataScannedBytes int64 `json:"dataScannedBytes"`
	// EstimatedCostUSD is EstimatedCostUSD(DataScannedBytes, ReusedResult).
	EstimatedCostUSD float64 `json:"estimatedCostUsd"`
	// EngineTimeMs is Statistics.EngineExecutionTimeInMillis.
	EngineTimeMs int64 `json:"engineTimeMs"`
	// ReusedResult reports that Athena reused a previous result.
	ReusedResult bool `json:"reusedResult"`
}

// frameMeta builds the frame metadata of a result: executed SQL, stats,
// custom facts and notices (the caller's, then the truncation warning, then
// extra).
func frameMeta(m Meta, extra []Notice) *FrameMeta {
	cost := EstimatedCostUSD(m.DataScannedBytes, m.ReusedResult)
	notices := slices.Clone(m.Notices)
	if m.Truncated {
		notices = append(notices, truncationNotice(m.RowLimit))
	}
	notices = append(notices, extra...)
	return &FrameMeta{
		ExecutedQueryString: m.ExecutedSQL,
		Notices:             notices,
		Stats: []QueryStat{
			{DisplayName: "Data scanned", Unit: "decbytes", Value: float64(m.DataScannedBytes)},
			{DisplayName: "Estimated cost", Unit: "currencyUSD", Value: cost},
			{DisplayName: "Engine time", Unit: "ms", Value: float64(m.EngineTimeMs)},
		},
		Custom: &CustomMeta{
			QueryID:          m.QueryID,
			DataScannedBytes: m.DataScannedBytes,
			EstimatedCostUSD: cost,
			EngineTimeMs:     m.EngineTimeMs,
			ReusedResult:     m.ReusedResult,
		},
	}
}

func truncationNotice(limit int) Notice {
	text := "Result truncated (row limit)."
	if limit > 0 {
		text = fmt.Sprintf("Result truncated at %d rows (row limit).", limit)
	}
	return Notice{
		Severity: SeverityWarning,
		Text:     text + " Narrow the time range, add filters or aggregate to see everything.",
	}
}

// copyMeta returns a copy of m that can be changed without touching m: the
// notices slice is clipped so that appending to it reallocates.
func copyMeta(m *FrameMeta) *FrameMeta {
	if m == nil {
		return &FrameMeta{}
	}
	c := *m
	c.Notices = slices.Clip(c.Notices)
	return &c
}

// plural renders "1 row" or "3 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
