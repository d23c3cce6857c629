package wire

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Page slices a list of n items by a list operation's MaxResults
// (1..limit, default limit) and NextToken (a decimal offset, "" or nil for
// the first page). It returns the range [lo, hi) and the next page's token,
// "" after the last page.
func Page(n int, maxResults *int32, nextToken *string, limit int32) (lo, hi int, next string, err *Error) {
	size := limit
	if maxResults != nil {
		size = *maxResults
	}
	if size < 1 || size > limit {
		return 0, 0, "", InvalidRequest(fmt.Sprintf("MaxResults must be between 1 and %d", limit))
	}
	if nextToken != nil && *nextToken != "" {
		off, err := strconv.Atoi(*nextToken)
		if err != nil || off < 0 || off > n {
			return 0, 0, "", InvalidRequest("The NextToken provided is invalid")
		}
		lo = off
	}
	hi = min(lo+int(size), n)
	if hi < n {
		next = strconv.Itoa(hi)
	}
	return lo, hi, next, nil
}

// PageItems is Page for a list operation's answer: the page of items,
// each converted by wire, and the next page's token. The page is never nil,
// so an empty list is sent as [], as Athena does.
func PageItems[T, W any](items []T, maxResults *int32, nextToken *string, limit int32, wire func(T) W) ([]W, string, *Error) {
	lo, hi, next, err := Page(len(items), maxResults, nextToken, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]W, 0, hi-lo)
	for _, it := range items[lo:hi] {
		out = append(out, wire(it))
	}
	return out, next, nil
}

// ResultsPageSize validates GetQueryResults' MaxResults (1..1000, default
// 1000).
func ResultsPageSize(maxResults *int32) (int, *Error) {
	size := int32(1000)
	if maxResults != nil {
		size = *maxResults
	}
	if size < 1 || size > 1000 {
		return 0, InvalidRequest(fmt.Sprintf("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000 and greater than or equal to 1", size))
	}
	return int(size), nil
}

// ResultPage returns one GetQueryResults page of query queryID's result:
// the rows from the offset nextToken holds ("" for the first page), at most
// size (see ResultsPageSize), and the next page's token, "" after the last
// page. A non-nil header holds the column names of the header row that
// starts a query's result; as in Athena, it counts toward MaxResults. rows
// are the data rows, a nil cell being SQL NULL. Tokens are opaque to
// clients but bound to their query, so a token of another query — or one
// pointing past the end — is rejected, as Athena does.
func ResultPage(queryID, nextToken string, size int, header []string, rows [][]*string) ([]Row, string, *Error) {
	off := 0
	if nextToken != "" {
		var err error
		if off, err = decodeToken(queryID, nextToken); err != nil {
			return nil, "", InvalidRequest("The NextToken provided is invalid")
		}
	}
	headers := 0
	if header != nil {
		headers = 1
	}
	total := headers + len(rows)
	if off > total {
		return nil, "", InvalidRequest("The NextToken provided is invalid")
	}
	end := min(off+size, total)
	page := make([]Row, 0, end-off)
	for i := off; i < end; i++ {
		if i < headers {
			page = append(page, headerRow(header))
			continue
		}
		page = append(page, dataRow(rows[i-headers]))
	}
	next := ""
	if end < total {
		next = encodeToken(queryID, end)
	}
	return page, next, nil
}

func headerRow(names []string) Row {
	row := Row{Data: make([]Datum, len(names))}
	for i := range names {
		name := names[i]
		row.Data[i].VarCharValue = &name
	}
	return row
}

func dataRow(cells []*string) Row {
	row := Row{Data: make([]Datum, len(cells))}
	for i, c := range cells {
		row.Data[i].VarCharValue = c
	}
	return row
}

func encodeToken(queryID string, off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(queryID + "|" + strconv.Itoa(off)))
}

func decodeToken(queryID, tok string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, err
	}
	qid, offs, ok := strings.Cut(string(raw), "|")
	if !ok || qid != queryID {
		return 0, errors.New("token of another query")
	}
	off, err := strconv.Atoi(offs)
	if err != nil || off < 0 {
		return 0, errors.New("bad offset")
	}
	return off, nil
}
