package macros

import (
	"errors"
	"fmt"
	"strings"
)

// readKinds are the statements a dashboard may run: they read and change
// nothing. WITH only ever starts a query in the engine's grammar, TABLE t is
// a query too, and EXPLAIN is checked further (no ANALYZE, which runs the
// statement, and a read statement under it).
var readKinds = map[string]bool{
	"SELECT": true, "WITH": true, "VALUES": true, "TABLE": true,
	"SHOW": true, "DESCRIBE": true, "DESC": true, "EXPLAIN": true,
}

// otherKinds are the engine's other statement keywords (Trino and Athena's
// Hive DDL), which errors name as statements; any other first word is
// reported as not a statement at all (usually a typo).
var otherKinds = map[string]bool{
	"ALTER": true, "ANALYZE": true, "CALL": true, "COMMENT": true, "COMMIT": true, "CREATE": true,
	"DEALLOCATE": true, "DELETE": true, "DENY": true, "DROP": true, "EXECUTE": true, "GRANT": true,
	"INSERT": true, "MERGE": true, "MSCK": true, "OPTIMIZE": true, "PREPARE": true, "REFRESH": true,
	"RESET": true, "REVOKE": true, "ROLLBACK": true, "SET": true, "START": true, "TRUNCATE": true,
	"UNLOAD": true, "UPDATE": true, "USE": true, "VACUUM": true, "LOAD": true,
}

// StatementError is raw SQL that is not exactly one read statement. It is a
// user error: the message names what was found and what is allowed.
type StatementError struct {
	// Kind names the statement found ("DROP TABLE", "EXPLAIN ANALYZE"), or
	// is empty when the problem is the number of statements.
	Kind string
	// Msg is the whole message.
	Msg string
}

// Error implements error.
func (e *StatementError) Error() string { return e.Msg }

// allowedList is how errors describe the statements that run.
const allowedList = "SELECT, WITH … SELECT, VALUES, SHOW, DESCRIBE and EXPLAIN (without ANALYZE)"

// ReadOnly checks that sql (after macro expansion) is exactly one statement
// of a read kind and returns it with one trailing semicolon removed, as
// AWS's published example queries end with one and the engine refuses it.
// Literals, quoted identifiers and comments are understood, so a ';' or a
// keyword inside them changes nothing, and a statement hidden after a
// leading comment is still seen. All errors are *StatementError.
func ReadOnly(sql string) (string, error) {
	stmt, err := oneStatement(sql)
	if err != nil {
		return "", err
	}
	toks := lex(stmt)
	if len(toks) == 0 {
		return "", &StatementError{Msg: "the query is empty: write one SELECT statement"}
	}
	if err := checkRead(toks); err != nil {
		return "", err
	}
	return stmt, nil
}

// SingleStatement is the check a datasource that allows non-read
// statements still applies: one statement, one trailing ';' removed.
func SingleStatement(sql string) (string, error) { return oneStatement(sql) }

// oneStatement removes one trailing ';' and refuses any other: a ';'
// followed by more code means several statements.
func oneStatement(sql string) (string, error) {
	semi := -1
	for i := 0; i < len(sql); {
		if end, ok := skipNonCode(sql, i); ok {
			i = end
			continue
		}
		switch c := sql[i]; {
		case c == ';' && semi >= 0:
			return "", severalStatements()
		case c == ';':
			semi = i
		case semi >= 0 && !isSpace(c):
			return "", severalStatements()
		}
		i++
	}
	if semi < 0 {
		return sql, nil
	}
	return sql[:semi] + sql[semi+1:], nil
}

func severalStatements() error {
	return &StatementError{Msg: "the query holds several statements; run one statement per query (one trailing ';' is fine)"}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// checkRead accepts a read statement's tokens: a query (possibly in
// parentheses), SHOW, DESCRIBE, or EXPLAIN of a read statement.
func checkRead(toks []token) error {
	i := 0
	for i < len(toks) && toks[i].punct('(') {
		i++
	}
	if i == len(toks) || toks[i].kind != tokWord {
		return &StatementError{Msg: "the query does not start with a statement keyword: write one SELECT statement"}
	}
	first := strings.ToUpper(toks[i].text)
	if i > 0 && first != "SELECT" && first != "WITH" && first != "VALUES" && first != "TABLE" {
		return notRead(toks[i:])
	}
	if !readKinds[first] {
		return notRead(toks[i:])
	}
	if first != "EXPLAIN" {
		return nil
	}
	j := i + 1
	if j < len(toks) && toks[j].is("ANALYZE") {
		return &StatementError{Kind: "EXPLAIN ANALYZE", Msg: "EXPLAIN ANALYZE runs the statement it explains, so it is not allowed here; use EXPLAIN without ANALYZE, or run the query itself. " + allowedSentence()}
	}
	if j < len(toks) && toks[j].punct('(') {
		depth := 0
		for ; j < len(toks); j++ {
			if toks[j].punct('(') {
				depth++
			} else if toks[j].punct(')') {
				if depth--; depth == 0 {
					j++
					break
				}
			}
		}
	}
	if j >= len(toks) {
		return &StatementError{Kind: "EXPLAIN", Msg: "EXPLAIN needs a statement to explain"}
	}
	if err := checkRead(toks[j:]); err != nil {
		if se := (*StatementError)(nil); errors.As(err, &se) && se.Kind != "" {
			return &StatementError{Kind: "EXPLAIN " + se.Kind, Msg: "this query is an EXPLAIN " + se.Kind + " statement, and this datasource explains read statements only. " + allowedSentence()}
		}
		return err
	}
	return nil
}

// notRead is the error for a statement of another kind, named by its first
// words ("INSERT INTO", "CREATE OR REPLACE VIEW") so the user sees what
// the plugin saw, clipped so no long input is echoed.
func notRead(toks []token) error {
	words := 2
	if len(toks) > 1 && toks[1].is("OR") {
		words = 4 // CREATE OR REPLACE VIEW
	}
	var kind []string
	for _, t := range toks[:min(words, len(toks))] {
		if t.kind != tokWord {
			break
		}
		kind = append(kind, strings.ToUpper(clip(t.text)))
	}
	k := strings.Join(kind, " ")
	if len(kind) == 0 || !otherKinds[kind[0]] {
		return &StatementError{Kind: k, Msg: fmt.Sprintf("the query starts with %q, which is not a statement this datasource runs (a typo?). %s", k, allowedSentence())}
	}
	return &StatementError{Kind: k, Msg: fmt.Sprintf("this query is a %s statement, and this datasource runs read statements only. %s", k, allowedSentence())}
}

func allowedSentence() string {
	return "Allowed: " + allowedList + "."
}
