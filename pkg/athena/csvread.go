package athena

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// errTruncatedCSV is a result file that ends inside a row: the body was
// cut short.
var errTruncatedCSV = errors.New("result file ends inside a row")

// csvReader reads a result file in Athena's CSV dialect as it arrives:
// every value in double quotes with embedded quotes doubled, a NULL as an
// empty unquoted field, rows ended by "\n" (quoted values may hold
// newlines). encoding/csv cannot be used: it reads NULL and "" alike.
//
// A row's text is one string (one allocation) that its values slice: a
// RowSink parses them into typed columns and keeps none of it but the text
// of its text columns; the rows path (cells) turns them into *string cells
// exactly as GetQueryResults would give them.
type csvReader struct {
	r     *bufio.Reader
	ncols int
	line  int
	// text collects the row's values back to back.
	text []byte
	ends []int  // end offset in text of each value of the row
	null []bool // value i was empty and unquoted
	vals []string
	strs []string
	ptrs []*string
}

// cellBlock is how many cells are allocated at once.
const cellBlock = 4096

func newCSVReader(r io.Reader, ncols int) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, 256<<10), ncols: ncols, vals: make([]string, ncols)}
}

// next reads the next row or returns io.EOF after the last. vals[i] is
// value i, null[i] reports a NULL; both are valid until the next call.
func (c *csvReader) next() (vals []string, null []bool, err error) {
	c.text, c.ends, c.null = c.text[:0], c.ends[:0], c.null[:0]
	c.line++
	for {
		quoted, end, err := c.value()
		if err != nil {
			if errors.Is(err, io.EOF) && len(c.ends) == 0 && !quoted && len(c.text) == 0 {
				return nil, nil, io.EOF
			}
			if errors.Is(err, io.EOF) {
				err = errTruncatedCSV
			}
			return nil, nil, fmt.Errorf("result file line %d: %w", c.line, err)
		}
		start := 0
		if n := len(c.ends); n > 0 {
			start = c.ends[n-1]
		}
		c.null = append(c.null, !quoted && len(c.text) == start)
		c.ends = append(c.ends, len(c.text))
		if end {
			break
		}
	}
	if len(c.ends) != c.ncols {
		return nil, nil, fmt.Errorf("result file line %d has %d values, the result has %d columns", c.line, len(c.ends), c.ncols)
	}
	all := string(c.text)
	start := 0
	for i, end := range c.ends {
		c.vals[i] = all[start:end]
		start = end
	}
	return c.vals, c.null, nil
}

// cells turns a row from next into *string cells (nil is NULL). Cells are
// handed out from shared blocks, so a row costs its text plus a pointer
// and a string header per cell.
func (c *csvReader) cells(vals []string, null []bool) []*string {
	if len(c.ptrs) < c.ncols {
		n := max(cellBlock, c.ncols)
		c.strs, c.ptrs = make([]string, n), make([]*string, n)
	}
	cells := c.ptrs[:c.ncols:c.ncols]
	strs := c.strs[:c.ncols]
	c.ptrs, c.strs = c.ptrs[c.ncols:], c.strs[c.ncols:]
	for i, v := range vals {
		if null[i] {
			cells[i] = nil
		} else {
			strs[i] = v
			cells[i] = &strs[i]
		}
	}
	return cells
}

// value reads one value onto the end of c.text; end reports that it
// closed the row.
func (c *csvReader) value() (quoted, end bool, err error) {
	b, err := c.r.ReadByte()
	if err != nil {
		return false, false, err
	}
	if b != '"' {
		// Unquoted: only NULL (empty) is written so, but read any text up
		// to the separator, as a lenient reader of the same dialect would.
		for {
			switch b {
			case ',':
				return false, false, nil
			case '\n':
				return false, true, nil
			}
			c.text = append(c.text, b)
			if b, err = c.r.ReadByte(); err != nil {
				return false, false, err
			}
		}
	}
	for {
		chunk, err := c.r.ReadSlice('"')
		switch {
		case err == nil:
			c.text = append(c.text, chunk[:len(chunk)-1]...)
		case errors.Is(err, bufio.ErrBufferFull):
			c.text = append(c.text, chunk...)
			continue
		default:
			if errors.Is(err, io.EOF) {
				err = errTruncatedCSV
			}
			return true, false, err
		}
		b, err := c.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = errTruncatedCSV // a row always ends with "\n"
			}
			return true, false, err
		}
		switch b {
		case '"':
			c.text = append(c.text, '"')
		case ',':
			return true, false, nil
		case '\n':
			return true, true, nil
		default:
			return true, false, fmt.Errorf("unexpected %q after a closing quote", bytes.TrimSpace([]byte{b}))
		}
	}
}
