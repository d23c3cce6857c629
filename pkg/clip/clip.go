// Package clip shortens text quoted back to the user or an operator. Every
// error message and log line that echoes a user's value (a source name, a
// field, a value, a fragment of SQL) or a downstream answer passes it
// through Text, so a 2 MB input cannot become a 2 MB error or log line.
package clip

import "unicode/utf8"

// Max is the number of bytes kept: enough to recognise the value, short
// enough that an error stays readable in a panel.
const Max = 200

// Text returns s unchanged when it is at most Max bytes long, otherwise its
// first Max bytes (cut at a character boundary) followed by "…" and how
// many bytes were left out.
func Text(s string) string {
	return N(s, Max)
}

// N is Text with a limit of n bytes.
func N(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…(" + itoa(len(s)-cut) + " more bytes)"
}

// itoa avoids strconv for one small positive number.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
