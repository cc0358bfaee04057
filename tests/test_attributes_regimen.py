"""How often, when, which way, and how many (issue 10, item 4): dosing frequency, daily totals
of a dose and its frequency, timing rules, effect directions, adverse-effect frequencies,
half-lives and controlled-substance schedules. One test per category, on sentences of our own."""

from __future__ import annotations

import pytest

from annotator import check_text


def verdict(text: str, drug: str, reference) -> str:
    checks = check_text(text, focus_drug=drug, reference=reference).checks
    assert len(checks) == 1, [c.claim.text for c in checks]
    return checks[0].verdict.value


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("sertraline", "Zoloft is normally taken once daily.", "consistent"),
        ("sertraline", "Sertraline has to be dosed four times a day.", "inconsistent"),
        ("cyclobenzaprine", "Flexeril tablets are swallowed once a day at night.", "inconsistent"),
        ("cyclobenzaprine", "Amrix capsules are swallowed once a day.", "consistent"),
        ("baclofen", "The baclofen pump gives a dose once every week.", "inconsistent"),
        ("tizanidine", "You may take tizanidine every hour or two if needed.", "inconsistent"),
        # dose changes are not the regimen
        ("sertraline", "Doses are raised no more than once a week.", "unverified"),
        # a dose and its frequency make a daily total
        (
            "ibuprofen",
            "Taking 800 mg of ibuprofen every three hours is acceptable.",
            "inconsistent",
        ),
        ("carisoprodol", "Take 350 mg three times a day and at bedtime.", "consistent"),
    ],
)
def test_dosing_frequency(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        (
            "sertraline",
            "After stopping an MAOI, wait just 3 days before starting sertraline.",
            "inconsistent",
        ),
        (
            "cyclobenzaprine",
            "Wait 14 days after stopping an MAO inhibitor before cyclobenzaprine.",
            "consistent",
        ),
        (
            "dantrolene",
            "Dantrolene liver injury shows up within the first week, if at all.",
            "inconsistent",
        ),
    ],
)
def test_timing_rules(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("gabapentin", "Gabapentin lowers the seizure threshold.", "inconsistent"),
        ("tizanidine", "Tizanidine can make your blood pressure drop.", "consistent"),
        ("cyclobenzaprine", "Cyclobenzaprine slows the pulse.", "inconsistent"),
        ("ibuprofen", "Ibuprofen can raise blood pressure.", "consistent"),
        ("metformin", "Metformin raises blood glucose.", "inconsistent"),
        # another drug named: the direction may be the other drug's
        ("tizanidine", "Clonidine lowers blood pressure more than tizanidine does.", "unverified"),
        # stopping: the label's withdrawal effects, not its effects on treatment
        (
            "tizanidine",
            "If you stop tizanidine suddenly, your blood pressure can rise.",
            "consistent",
        ),
    ],
)
def test_effect_directions(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("baclofen", "Only about 2 in 100 people get drowsy on baclofen.", "inconsistent"),
        ("gabapentin", "Roughly one in five people on gabapentin feel sleepy.", "consistent"),
        ("metformin", "Diarrhoea affects the majority of metformin users.", "consistent"),
        ("carisoprodol", "Dizziness affects most people who take Soma.", "inconsistent"),
        ("tizanidine", "Tizanidine side effects are rare.", "inconsistent"),
        # a relative change is not a share of patients
        (
            "sertraline",
            "One study found a 30% higher risk of bleeding with sertraline.",
            "consistent",
        ),
        # the placebo group's number is not the drug's
        ("gabapentin", "Dizziness hit 28% of patients, against 8% with placebo.", "consistent"),
    ],
)
def test_adverse_effect_frequencies(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("gabapentin", "Gabapentin has a half-life of roughly six hours.", "consistent"),
        ("carisoprodol", "Soma's half-life is close to a full day.", "inconsistent"),
        (
            "sertraline",
            "Sertraline leaves the body faster than tizanidine: its half-life is shorter than tizanidine's.",
            "inconsistent",
        ),
        (
            "cyclobenzaprine",
            "Cyclobenzaprine has a 18-hour half-life, tizanidine one of about 2.5 hours.",
            "consistent",
        ),
    ],
)
def test_half_lives(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected


@pytest.mark.parametrize(
    "drug, text, expected",
    [
        ("carisoprodol", "Carisoprodol is a Schedule II drug.", "inconsistent"),
        ("carisoprodol", "Carisoprodol is not a controlled substance.", "inconsistent"),
        ("carisoprodol", "Carisoprodol is a Schedule IV controlled substance.", "consistent"),
        ("methocarbamol", "No, methocarbamol is not a controlled substance.", "consistent"),
        (
            "gabapentin",
            "Federally gabapentin is not scheduled, though some states schedule it.",
            "consistent",
        ),
    ],
)
def test_controlled_substance_schedules(drug, text, expected, reference):
    assert verdict(text, drug, reference) == expected
