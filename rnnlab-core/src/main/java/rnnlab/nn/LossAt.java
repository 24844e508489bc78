package rnnlab.nn;

/** Which steps of a sequence carry a loss. */
public enum LossAt {
    /** Only the last step of each sequence (step {@code length - 1}): sequence-to-one. */
    LAST,
    /** Every step before the sequence's length: sequence-to-sequence. */
    EVERY
}
