"""Facts for the model card: confusion matrix, chosen held-out examples, checksums."""

import hashlib

import numpy as np

from tfvisual import model_card


def one_hot_probabilities(predicted, num_classes=10):
    return np.eye(num_classes)[predicted]


def test_confusion_matrix_rows_are_the_truth():
    matrix = model_card.confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), num_classes=3)
    assert matrix == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]


def test_examples_include_a_few_mistakes_and_correct_digits_of_distinct_classes():
    labels = np.array([3, 3, 5, 7, 7, 1, 2, 0, 4, 6, 8, 9, 9, 1, 2, 0, 5, 6] * 2)
    predicted = labels.copy()
    wrong_positions = [1, 4, 12, 20, 25, 30]
    predicted[wrong_positions] = (labels[wrong_positions] + 1) % 10
    chosen = model_card.pick_heldout_examples(labels, one_hot_probabilities(predicted), count=12, max_wrong=4)
    assert len(chosen) == 12 and chosen == sorted(set(chosen))
    wrong = [i for i in chosen if predicted[i] != labels[i]]
    assert wrong == wrong_positions[:4]
    correct_labels = [labels[i] for i in chosen if predicted[i] == labels[i]]
    assert len(correct_labels) == len(set(correct_labels)) == 8


def test_examples_when_the_model_makes_no_mistake():
    labels = np.arange(30) % 10
    chosen = model_card.pick_heldout_examples(labels, one_hot_probabilities(labels), count=12)
    # Only ten distinct digits exist, so at most ten correct examples are picked.
    assert chosen == list(range(10))


def test_heldout_example_stores_grey_levels_row_by_row():
    image = np.zeros((28, 28, 1), np.float32)
    image[0, 1] = 1.0
    image[1, 0] = 128 / 255
    example = model_card.heldout_example(5, 77, image, 3, np.full(10, 0.1))
    assert example["pixels"][1] == 255 and example["pixels"][28] == 128 and sum(example["pixels"]) == 383
    assert (example["index"], example["source_index"], example["label"]) == (5, 77, 3)


def test_indices_checksum_is_the_sha256_of_comma_separated_decimals():
    expected = hashlib.sha256(b"3,1,2").hexdigest()
    assert model_card.indices_checksum(np.array([3, 1, 2])) == expected
