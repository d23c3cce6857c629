package athenaemu

import (
	"bytes"
	"crypto/md5" //nolint:gosec // S3 ETags are the MD5 of the body; nothing here is a security check
	"encoding/hex"
	"strings"
	"sync"
)

// Result files are rendered once per result and kept, so a GetObject
// costs the emulator a copy to the socket, not a fresh CSV rendering and
// MD5 of the whole file: a benchmark of the plugin's S3 path then measures
// the plugin, not the emulator writing 30 MB before its first byte (real
// S3 streams a file written long before). Canned results share their rows
// between executions, so a repeated canned query hits the cache too.

// csvFile is a rendered result file.
type csvFile struct {
	body []byte
	etag string
}

// csvKey identifies a result's rows by identity: the first row's slot in
// the rows' backing array (held by the cache, so it cannot be reused for
// other rows while the entry lives), the row count and the header line.
type csvKey struct {
	first  *[]*string
	n      int
	header string
}

// csvCache keeps the last few rendered files, up to a byte budget.
type csvCache struct {
	mu      sync.Mutex
	entries []csvEntry // most recent last
}

type csvEntry struct {
	key  csvKey
	file *csvFile
}

const (
	csvCacheEntries = 4
	csvCacheBytes   = 256 << 20
)

// file returns the rendered result file of r.
func (c *csvCache) file(r *ResultSet) *csvFile {
	key := csvKey{n: len(r.Rows), header: strings.Join(headerOf(r), "\x00")}
	if len(r.Rows) > 0 {
		key.first = &r.Rows[0]
	}
	c.mu.Lock()
	for i, e := range c.entries {
		if e.key == key {
			c.entries = append(append(c.entries[:i:i], c.entries[i+1:]...), e)
			c.mu.Unlock()
			return e.file
		}
	}
	c.mu.Unlock()
	f := renderCSV(r)
	if key.first == nil || len(f.body) > csvCacheBytes {
		return f
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = append(c.entries, csvEntry{key: key, file: f})
	total := 0
	for _, e := range c.entries {
		total += len(e.file.body)
	}
	for len(c.entries) > csvCacheEntries || total > csvCacheBytes {
		total -= len(c.entries[0].file.body)
		c.entries[0] = csvEntry{}
		c.entries = c.entries[1:]
	}
	return f
}

func renderCSV(r *ResultSet) *csvFile {
	var buf bytes.Buffer
	_ = WriteCSV(&buf, r)
	sum := md5.Sum(buf.Bytes()) //nolint:gosec // the ETag S3 sends, not a security check
	return &csvFile{body: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:]) + `"`}
}
