package rnnlab.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dict of a .npy header, such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
 * It is a Python literal, not JSON; this parses exactly the form numpy writes: string keys, and
 * values that are strings without escapes, {@code True}/{@code False}, or tuples of natural numbers.
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {

    static NpyHeader parse(Input in, String text) {
        return new Parser(in, text).header();
    }

    private static final class Parser {
        private final Input in;
        private final String s;
        private int i;

        Parser(Input in, String s) {
            this.in = in;
            this.s = s;
        }

        NpyHeader header() {
            Map<String, Object> dict = new HashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            while (peek() != '}') {
                String key = string();
                skipSpace();
                expect(':');
                if (dict.put(key, value()) != null) throw in.fail("the header names " + Input.quote(key) + " twice");
                skipSpace();
                if (peek() == ',') {
                    i++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw unexpected();
                }
            }
            i++;
            skipSpace();
            if (i < s.length()) throw in.fail("the header has more after its dict");
            return check(dict);
        }

        private NpyHeader check(Map<String, Object> dict) {
            if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
                String keys = String.join(", ", dict.keySet().stream().sorted().map(Input::quote).toList());
                throw in.fail("the header's keys are " + keys + ", not 'descr', 'fortran_order' and 'shape'");
            }
            if (dict.get("descr") instanceof String descr
                    && dict.get("fortran_order") instanceof Boolean fortran
                    && dict.get("shape") instanceof long[] shape) {
                return new NpyHeader(descr, fortran, shape);
            }
            throw in.fail("the header needs a string descr, a True or False fortran_order and a tuple shape");
        }

        private Object value() {
            skipSpace();
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return false;
            }
            if (c == '[') {
                throw in.fail("the descr is a list, a structured dtype, which rnnlab does not read",
                        "save each field as an array of its own");
            }
            throw unexpected();
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') throw unexpected();
            int end = s.indexOf(quote, i + 1);
            if (end < 0) throw in.fail("the header has a string that does not end");
            String value = s.substring(i + 1, end);
            if (value.indexOf('\\') >= 0) throw in.fail("the header has a string with an escape, which numpy does not write");
            i = end + 1;
            return value;
        }

        /** {@code ()}, {@code (n,)} or {@code (n, m, ...)}, a trailing comma allowed. */
        private long[] tuple() {
            expect('(');
            skipSpace();
            List<Long> values = new ArrayList<>();
            boolean comma = false;
            while (peek() != ')') {
                values.add(natural());
                skipSpace();
                comma = peek() == ',';
                if (comma) {
                    i++;
                    skipSpace();
                } else if (peek() != ')') {
                    throw unexpected();
                }
            }
            i++;
            if (values.size() == 1 && !comma) throw in.fail("the header's shape (n) lacks the comma of a tuple (n,)");
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private long natural() {
            int start = i;
            long value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (value > (Long.MAX_VALUE - 9) / 10) throw in.fail("the header has a dimension too large for any file");
                value = value * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) throw unexpected();
            if (s.charAt(start) == '0' && i - start > 1) throw in.fail("the header has a number with a leading zero, which Python does not write");
            return value;
        }

        private void expect(char c) {
            if (peek() != c) throw unexpected();
            i++;
        }

        private char peek() {
            if (i >= s.length()) throw in.fail("the header's dict ends early");
            return s.charAt(i);
        }

        private void skipSpace() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
        }

        private MalformedFileException unexpected() {
            if (i >= s.length()) return in.fail("the header's dict ends early");
            return in.fail("the header is not a dict as numpy writes it: unexpected "
                    + Input.quote(String.valueOf(s.charAt(i))) + " at character " + i);
        }
    }
}
