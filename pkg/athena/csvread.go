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
// Cells come out as *string exactly as GetQueryResults would give them, so
// the frames package converts both paths with the same code. The text of
// a row is one string that its cells slice, and cells are handed out from
// shared blocks, so a row costs its text plus a pointer and a string
// header per cell.
type csvReader struct {
	r     *bufio.Reader
	ncols int
	line  int
	// field collects the current value; text the row's values back to back.
	field, text []byte
	ends        []int  // end offset in text of each value of the row
	null        []bool // value i was empty and unquoted
	strs        []string
	ptrs        []*string
}

// cellBlock is how many cells are allocated at once.
const cellBlock = 4096

func newCSVReader(r io.Reader, ncols int) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, 256<<10), ncols: ncols}
}

// next returns the next row (ncols cells) or io.EOF after the last.
func (c *csvReader) next() ([]*string, error) {
	c.text, c.ends, c.null = c.text[:0], c.ends[:0], c.null[:0]
	c.line++
	for {
		quoted, end, err := c.value()
		if err != nil {
			if errors.Is(err, io.EOF) && len(c.ends) == 0 && !quoted && len(c.field) == 0 {
				return nil, io.EOF
			}
			if errors.Is(err, io.EOF) {
				err = errTruncatedCSV
			}
			return nil, fmt.Errorf("result file line %d: %w", c.line, err)
		}
		c.text = append(c.text, c.field...)
		c.ends = append(c.ends, len(c.text))
		c.null = append(c.null, !quoted && len(c.field) == 0)
		if end {
			break
		}
	}
	if len(c.ends) != c.ncols {
		return nil, fmt.Errorf("result file line %d has %d values, the result has %d columns", c.line, len(c.ends), c.ncols)
	}
	return c.row(), nil
}

// row turns the collected values into cells.
func (c *csvReader) row() []*string {
	if len(c.ptrs) < c.ncols {
		n := max(cellBlock, c.ncols)
		c.strs, c.ptrs = make([]string, n), make([]*string, n)
	}
	cells := c.ptrs[:c.ncols:c.ncols]
	strs := c.strs[:c.ncols]
	c.ptrs, c.strs = c.ptrs[c.ncols:], c.strs[c.ncols:]
	all := string(c.text)
	start := 0
	for i, end := range c.ends {
		if c.null[i] {
			cells[i] = nil
		} else {
			strs[i] = all[start:end]
			cells[i] = &strs[i]
		}
		start = end
	}
	return cells
}

// value reads one value into c.field; end reports that it closed the row.
func (c *csvReader) value() (quoted, end bool, err error) {
	c.field = c.field[:0]
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
			c.field = append(c.field, b)
			if b, err = c.r.ReadByte(); err != nil {
				return false, false, err
			}
		}
	}
	for {
		chunk, err := c.r.ReadSlice('"')
		switch {
		case err == nil:
			c.field = append(c.field, chunk[:len(chunk)-1]...)
		case errors.Is(err, bufio.ErrBufferFull):
			c.field = append(c.field, chunk...)
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
			c.field = append(c.field, '"')
		case ',':
			return true, false, nil
		case '\n':
			return true, true, nil
		default:
			return true, false, fmt.Errorf("unexpected %q after a closing quote", bytes.TrimSpace([]byte{b}))
		}
	}
}
