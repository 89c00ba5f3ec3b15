"""What one long training run of the character LSTM shows against the best n-gram (scripts/measure_char_rnn_budget.py).

The run is scored at a few checkpoints, on the test works (paired with the n-gram, character by character) and on
the validation works. These functions read the saved checkpoints and say, without training again, what they
measured and what they did not:

* where the run first beats the n-gram beyond noise on the test works, in multiples of the training the site's own
  model gets. It is an *estimate* of the training needed, not a bound either way: one seed, a checkpoint every few
  hundred steps, and a learning rate not yet fully decayed at a checkpoint part-way (which would make a run planned
  to end there do better) against seed-to-seed spread and the choice of held-out works (which could make another
  run or other works need more);
* whether it beats the n-gram on the validation works at all (it may not, within the same run).
"""

ESTIMATE_CAVEAT = (
    "an estimate from one seed, scored on the test works at a checkpoint every few hundred steps: a run planned to "
    "end at the crossing would have had its learning-rate decay and score a little better, while another seed or "
    "other held-out works could need more training, so it bounds the training needed neither way"
)


def milestones(checkpoints: list[dict], committed_steps: int, ngram_validation_bits: float) -> dict:
    """The first checkpoint whose paired test interval against the n-gram lies wholly below 0 (or None), the last,
    and how the run stands against the n-gram on the validation works."""
    beyond_noise = [point for point in checkpoints if point["test_difference_interval_95"][1] < 0]
    first = beyond_noise[0] if beyond_noise else None
    last = checkpoints[-1]
    below_on_validation = [p["step"] for p in checkpoints if p["validation_bits_per_character"] < ngram_validation_bits]
    return {
        "first_beating_ngram_beyond_noise": first,
        "last": last,
        "committed_steps": committed_steps,
        "first_beating_in_committed_trainings": round(first["step"] / committed_steps, 1) if first else None,
        "last_in_committed_trainings": round(last["step"] / committed_steps, 1),
        "checkpoints_scored": len(checkpoints),
        "validation": {
            "ngram_bits_per_character": ngram_validation_bits,
            "last_difference_from_best_ngram": round(last["validation_bits_per_character"] - ngram_validation_bits, 4),
            "steps_below_best_ngram": below_on_validation,
        },
        "caveat": ESTIMATE_CAVEAT,
    }
