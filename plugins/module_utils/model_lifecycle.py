# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Model lifecycle read from AWS's answers: state, dates, days left, successors, warnings.

Bedrock models go ACTIVE -> LEGACY -> end of life (EOL) within months; AWS
publishes each model's ``modelLifecycle`` (``status``, ``startOfLifeTime``,
``legacyTime``, ``publicExtendedAccessTime``, ``endOfLifeTime``) in
ListFoundationModels / GetFoundationModel, per Region. Nothing here holds a
table of models or dates: every fact comes from the catalog the caller read.

- ``describe_lifecycle(lifecycle, now)``: our ``state`` of a listed model
  (``ACTIVE``, ``LEGACY``), the four dates and the whole days left to legacy
  and EOL; ``END_OF_LIFE`` is the state of a model the Region no longer lists.
- ``lineage(model_id)``: ``(provider, family, version)`` parsed from a model ID
  (``anthropic.claude-3-sonnet-20240229-v1:0`` -> ``("anthropic",
  "claude-sonnet", (3,))``, ``anthropic.claude-sonnet-4-6`` -> ``(...,
  (4, 6))``), so a successor is "same provider and family, newer".
- ``successors(model_id, models, profiles, region, now)``: the ACTIVE models of
  the Region in the same family that are newer, newest first, each with the
  inference profiles that carry it and the one to call from the Region.
- ``lifecycle_warnings(model_id, lifecycle, warn_days)``: machine-readable
  warnings for a LEGACY model or one within ``warn_days`` of legacy or EOL.
- ``annotate_entries(entries, models, profiles, region, now, warn_days)``: adds
  ``lifecycle``, ``successors`` and ``lifecycle_warnings`` to the entries of
  ``bedrock_access.describe_models``; a foundation model the Region no longer
  lists and that is older than an ACTIVE member of its family is taken as past
  end of life (AWS removes a model from every Region at EOL; its dates are then
  gone from the API, so the date is named only when known).
"""

import datetime
import re

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import region_geographies
from ansible_collections.ticketflow.bedrock.plugins.module_utils.diagnosis import make_diagnosis

DEFAULT_WARN_DAYS = 90
ACTIVE = "ACTIVE"
LEGACY = "LEGACY"
END_OF_LIFE = "END_OF_LIFE"  # ours: AWS's status stops at LEGACY, then the model is gone
DATE_KEYS = ("start_of_life_time", "legacy_time", "public_extended_access_time", "end_of_life_time")

_DATE_TOKEN = re.compile(r"^\d{8}$")
_NUMBER_TOKEN = re.compile(r"^\d{1,3}$")
_REVISION = re.compile(r"-v\d+(?::\d+)?$|:\d+$")
_SIZE_TOKEN = re.compile(r"^\d+(?:\.\d+)?[bkm]$", re.I)


def utc_now():
    return datetime.datetime.now(tz=datetime.timezone.utc)


def parse_time(value):
    """A timezone-aware datetime from a datetime or an ISO 8601 text (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)


def _iso(value):
    return value.isoformat() if value is not None else None


def _days_until(moment, now):
    if moment is None:
        return None
    return int((moment - now).total_seconds() // 86400)


def describe_lifecycle(lifecycle, now=None):
    """Our view of a listed model's normalized ``lifecycle`` (snake_case, as bedrock_catalog.normalize_model gives it).

    A model the Region lists is not past end of life whatever the local clock
    says (AWS removes it at EOL), so ``state`` is LEGACY when AWS says so or
    ``legacy_time`` has passed, else ACTIVE (None without any data).
    ``days_to_legacy`` / ``days_to_end_of_life`` are whole days, negative once passed.
    """
    now = now or utc_now()
    lifecycle = lifecycle or {}
    dates = {key: parse_time(lifecycle.get(key)) for key in DATE_KEYS}
    status = lifecycle.get("status")
    if status == LEGACY or (dates["legacy_time"] is not None and dates["legacy_time"] <= now):
        state = LEGACY
    elif status is not None or any(dates.values()):
        state = ACTIVE
    else:
        state = None
    result = {"status": status, "state": state}
    result.update({key: _iso(value) for key, value in dates.items()})
    result["days_to_legacy"] = _days_until(dates["legacy_time"], now)
    result["days_to_end_of_life"] = _days_until(dates["end_of_life_time"], now)
    return result


def lineage(model_id):
    """``(provider, family, version)`` of a foundation-model ID, or None when it cannot be parsed.

    The family is the model's words without numbers, dates and revision
    (``claude-sonnet``, ``nova-lite``, ``llama-instruct``); the version is the
    numbers in order (``(4, 5)`` for ``claude-sonnet-4-5-20250929-v1:0``);
    parameter sizes such as ``70b`` are part of the family.
    """
    if not model_id or "." not in model_id:
        return None
    provider, name = model_id.split(".", 1)
    name = _REVISION.sub("", name.lower())
    words, version = [], []
    for token in re.split(r"[-_]", name):
        if not token or _DATE_TOKEN.match(token):
            continue
        if _NUMBER_TOKEN.match(token):
            version.append(int(token))
            continue
        match = re.match(r"^([a-z]+)(\d+(?:\.\d+)?)$", token)
        if match and not _SIZE_TOKEN.match(token):
            words.append(match.group(1))
            version.extend(int(part) for part in match.group(2).split("."))
            continue
        words.append(token)
    if not words:
        return None
    return provider.lower(), "-".join(words), tuple(version)


def same_family(model_id, other_id):
    mine, theirs = lineage(model_id), lineage(other_id)
    return mine is not None and theirs is not None and mine[:2] == theirs[:2]


def _newer(candidate, reference_id, reference_start):
    """Whether ``candidate`` (a normalized model) is newer than the reference model."""
    mine = lineage(reference_id)
    theirs = lineage(candidate["model_id"])
    start = parse_time((candidate.get("lifecycle") or {}).get("start_of_life_time"))
    if reference_start is not None and start is not None and start != reference_start:
        return start > reference_start
    return theirs[2] > mine[2]


def preferred_profile(profiles, region, allowed_prefixes=None):
    """The profile ID to call from ``region``: its own geography first, ``global`` last.

    Profiles of a geography the region cannot call are left out (when bedrock_ids knows the region's).
    """
    order = list(region_geographies(region) or ())
    rank = {geo: i for i, geo in enumerate(order)}
    usable = [
        p
        for p in profiles
        if (allowed_prefixes is None or any(p["id"].startswith(prefix) for prefix in allowed_prefixes))
        and (not order or p.get("geography") in order or p.get("geography") == "global")
    ]
    usable.sort(key=lambda p: (p.get("geography") == "global", rank.get(p.get("geography"), len(rank)), p["id"]))
    return usable[0]["id"] if usable else None


def _profiles_carrying(model_id, profiles):
    return [p for p in profiles if model_id in (p.get("model_ids") or [])]


def successors(model_id, models, profiles, region, now=None, start_of_life=None):
    """ACTIVE models of the Region in ``model_id``'s family that are newer, newest first.

    ``models``: normalized catalog models; ``profiles``: normalized inference
    profiles. Each successor: model_id, model_name, start_of_life_time,
    on_demand, inference_profiles (IDs) and call_as (the ID to invoke from the
    Region: the model itself when on demand, else its preferred profile).
    """
    now = now or utc_now()
    if lineage(model_id) is None:
        return []
    start_of_life = parse_time(start_of_life)
    found = []
    for model in models:
        if model["model_id"] == model_id or not same_family(model_id, model["model_id"]):
            continue
        if describe_lifecycle(model.get("lifecycle"), now)["state"] == LEGACY:
            continue
        if not _newer(model, model_id, start_of_life):
            continue
        carrying = _profiles_carrying(model["model_id"], profiles)
        on_demand = "ON_DEMAND" in (model.get("inference_types_supported") or [])
        found.append(
            {
                "model_id": model["model_id"],
                "model_name": model.get("model_name"),
                "start_of_life_time": (model.get("lifecycle") or {}).get("start_of_life_time"),
                "on_demand": on_demand,
                "inference_profiles": [p["id"] for p in carrying],
                "call_as": model["model_id"] if on_demand else preferred_profile(carrying, region),
            }
        )
    found.sort(key=lambda s: (lineage(s["model_id"])[2], s["start_of_life_time"] or ""), reverse=True)
    return found


def _warning(code, model_id, message, date=None, days=None):
    return {"code": code, "model_id": model_id, "message": message, "date": date, "days": days}


def lifecycle_warnings(model_id, lifecycle, warn_days=DEFAULT_WARN_DAYS, successor_ids=None):
    """Warnings (dicts with code, model_id, message, date, days) for one described lifecycle."""
    if not lifecycle or not lifecycle.get("state"):
        return []
    advice = (" Move to %s." % ", ".join(successor_ids)) if successor_ids else " Plan a move to a newer model."
    eol, days_eol = lifecycle.get("end_of_life_time"), lifecycle.get("days_to_end_of_life")
    legacy, days_legacy = lifecycle.get("legacy_time"), lifecycle.get("days_to_legacy")
    if eol and days_eol is not None and days_eol < 0:
        eol_text = " is past its published end of life (%s)" % eol[:10]
    elif eol:
        eol_text = " reaches end of life on %s (in %s days)" % (eol[:10], days_eol)
    else:
        eol_text = ""
    if lifecycle["state"] == END_OF_LIFE:
        if not eol:
            return [_warning("model_end_of_life", model_id, "%s has reached end of life.%s" % (model_id, advice))]
        return [_warning("model_end_of_life", model_id, "%s reached end of life on %s.%s" % (model_id, eol[:10], advice), eol, days_eol)]
    if lifecycle["state"] == LEGACY:
        return [
            _warning(
                "model_legacy",
                model_id,
                "%s is LEGACY%s%s: AWS gives it no new adoption or quota increases and locks out accounts "
                "that stop using it.%s" % (model_id, (" since %s" % legacy[:10]) if legacy else "", (" and" + eol_text) if eol_text else "", advice),
                eol or legacy,
                days_eol,
            )
        ]
    if days_legacy is not None and 0 <= days_legacy <= warn_days:
        return [
            _warning(
                "model_legacy_soon", model_id, "%s becomes LEGACY on %s (in %s days).%s" % (model_id, legacy[:10], days_legacy, advice), legacy, days_legacy
            )
        ]
    if days_eol is not None and 0 <= days_eol <= warn_days:
        return [_warning("model_end_of_life_soon", model_id, "%s%s.%s" % (model_id, eol_text, advice), eol, days_eol)]
    return []


def _retired_lifecycle(known_dates=None):
    lifecycle = {"status": None, "state": END_OF_LIFE}
    lifecycle.update({key: (known_dates or {}).get(key) for key in DATE_KEYS})
    lifecycle["days_to_legacy"] = None
    lifecycle["days_to_end_of_life"] = None
    return lifecycle


def annotate_entries(entries, models, profiles, region, now=None, warn_days=DEFAULT_WARN_DAYS, known_dates=None):
    """Add ``lifecycle``, ``successors`` and ``lifecycle_warnings`` to describe_models entries (in place).

    ``known_dates``: ``{model_id: {date key: ISO text}}`` remembered from an
    earlier read (a lock file), used to name the date of a model AWS no longer lists.
    """
    now = now or utc_now()
    known_dates = known_dates or {}
    for entry in entries:
        model = entry.get("model")
        model_id = entry.get("model_id")
        entry["successors"] = []
        entry["lifecycle_warnings"] = []
        if model is not None:
            lifecycle = describe_lifecycle(model.get("lifecycle"), now)
            if lifecycle["state"] == LEGACY or lifecycle["days_to_legacy"] is not None:
                entry["successors"] = successors(model_id, models, profiles, region, now, start_of_life=lifecycle["start_of_life_time"])
        elif model_id and entry.get("kind") != "application_inference_profile" and not entry.get("present"):
            later = successors(model_id, models, profiles, region, now)
            if not later:
                entry["lifecycle"] = None
                continue
            entry["successors"] = later
            lifecycle = _retired_lifecycle(known_dates.get(model_id))
        else:
            entry["lifecycle"] = None
            continue
        entry["lifecycle"] = lifecycle
        ids = ["%s%s" % (s["model_id"], (" via profile %s" % s["call_as"]) if s["call_as"] != s["model_id"] else "") for s in entry["successors"][:2]]
        if lifecycle["state"] == END_OF_LIFE and not lifecycle.get("end_of_life_time"):
            entry["lifecycle_warnings"] = [_warning("model_end_of_life", model_id, retired_message(entry, region))]
        else:
            entry["lifecycle_warnings"] = lifecycle_warnings(model_id, lifecycle, warn_days, ids)
    return entries


def retired_message(entry, region):
    """ "X was retired on DATE (end of life): use Y via profile Z" for an END_OF_LIFE entry."""
    lifecycle = entry.get("lifecycle") or {}
    eol = lifecycle.get("end_of_life_time")
    when = (
        ("was retired on %s (end of life)" % eol[:10])
        if eol
        else (
            "is no longer offered in %s and older than the ACTIVE models of its family there: it has reached end of "
            "life (AWS removes retired models from every Region and no longer publishes the date)" % region
        )
    )
    text = "%s %s." % (entry.get("model_id") or entry.get("id"), when)
    later = entry.get("successors") or []
    if later:
        first = later[0]
        text += " Use %s" % first["model_id"]
        if first["call_as"] and first["call_as"] != first["model_id"]:
            text += " via profile %s" % first["call_as"]
        others = [s["model_id"] for s in later[1:3]]
        if others:
            text += " (other ACTIVE successors in %s: %s)" % (region, ", ".join(others))
        text += "."
    else:
        text += " No ACTIVE successor of its family is offered in %s." % region
    return text


def end_of_life_diagnosis(entry, region):
    """The ``model_end_of_life`` diagnosis of an END_OF_LIFE entry, found before any call to the model."""
    later = entry.get("successors") or []
    summary = retired_message(entry, region)
    hint = None
    if later:
        first = later[0]
        hint = "Replace %s with %s%s in the configuration (inventory, group_vars or the model lock file); nothing migrates automatically." % (
            entry.get("id"),
            first["call_as"] or first["model_id"],
            "" if first["call_as"] == first["model_id"] else " (the inference profile of %s)" % first["model_id"],
        )
    return make_diagnosis(
        "model_end_of_life",
        summary=summary,
        hint=hint,
        suggestions=[s["call_as"] or s["model_id"] for s in later],
        model_id=entry.get("model_id"),
        end_of_life_time=(entry.get("lifecycle") or {}).get("end_of_life_time"),
    )


def unique_warnings(entries):
    """The lifecycle warnings of all entries, once per (code, model)."""
    seen, result = set(), []
    for entry in entries:
        for warning in entry.get("lifecycle_warnings") or []:
            key = (warning["code"], warning["model_id"])
            if key not in seen:
                seen.add(key)
                result.append(warning)
    return result


def is_end_of_life(entry):
    return (entry.get("lifecycle") or {}).get("state") == END_OF_LIFE
