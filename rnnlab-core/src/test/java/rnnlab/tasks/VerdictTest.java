package rnnlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {
    @Test
    void everyItemMustMeetTheCriterion() {
        assertTrue(Verdict.everyItem(1024, 1024, "c").solved());
        assertFalse(Verdict.everyItem(1024, 1023, "c").solved());
        assertFalse(Verdict.everyItem(0, 0, "c").solved(), "nothing judged is not a success");
        assertThrows(IllegalArgumentException.class, () -> new Verdict(true, 3, 4, "c"));
    }

    @Test
    void summariesReadAsOneLine() {
        assertEquals("not solved: 1,017 of 1,024 (every sequence's |error| < 0.04)",
                Verdict.everyItem(1024, 1017, "every sequence's |error| < 0.04").summary());
        assertEquals("solved (validation MSE ≤ 1e-3)", Verdict.onMetric(true, "validation MSE ≤ 1e-3").summary());
        Verdict none = Verdict.none("compare bits/char with the unigram baseline");
        assertFalse(none.hasCriterion());
        assertFalse(none.solved());
        assertEquals("no criterion of success: compare bits/char with the unigram baseline", none.summary());
    }
}
