/*
 * fuzz/fuzz_beads.c - the bead-file reader of "stele eval" on arbitrary
 * bytes: it must parse or refuse, never crash, and what it accepts must
 * score against itself without error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <stele.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    stele_beads *beads = NULL;
    stele_error err;

    if (stele_beads_parse(&beads, (const char *)data, size, "fuzz", &err) ==
        0) {
        size_t fields = stele_beads_fields(beads);
        stele_eval_result result;

        if (fields >= 2 &&
            stele_eval(beads, beads, 0, fields - 1, &result, &err) != 0)
            abort();
        stele_beads_free(beads);
    }
    return 0;
}
