# -*- coding: utf-8 -*-
# Copyright: Contributors to the ticketflow.bedrock collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Choose Bedrock models by intent, from the Region's catalog, and keep the choice pinned.

An intent names what an application needs, not an ID that will be retired:

    {"provider": "Anthropic", "family": "Claude Sonnet", "cross_region": "geographic",
     "allowed_profile_prefixes": ["eu."]}

``resolve_intent`` picks, among the models the Region lists (normalized by
bedrock_catalog), the newest ACTIVE one of that provider and family that can be
called the way the intent allows:

- ``in_region``: on demand by its model ID only (the call stays in the Region);
- ``geographic``: a profile of the Region's geography (``us.``, ``eu.``, ...), or on demand;
- ``global``: a ``global.`` profile, else a geographic one, else on demand.

``allowed_profile_prefixes`` is a data-residency allow-list (an EU prod may
allow only ``eu.``); a profile outside it is never chosen. The answer says
which model, the ID to call (``call_as``), the profile, why, and the
alternatives with the reason each was not chosen.

``apply_pin`` keeps what a lock file pinned: a newer ACTIVE successor or a
pinned model entering LEGACY is reported as a notice, and the choice switches
only when told (``upgrade``) or when the environment follows the newest model.
A pinned model the Region no longer lists is an error naming the successor.
"""

from ansible_collections.ticketflow.bedrock.plugins.module_utils.bedrock_ids import region_geographies
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import ACTIVE
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import LEGACY
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import describe_lifecycle
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import lineage
from ansible_collections.ticketflow.bedrock.plugins.module_utils.model_lifecycle import utc_now

CROSS_REGION_CHOICES = ("in_region", "geographic", "global")
LOCK_VERSION = 1
LOCK_DATE_KEYS = ("legacy_time", "end_of_life_time")


class SelectionError(ValueError):
    """An intent that cannot be resolved, or a pin that cannot stand; the message says what to do."""


def normalize_family(family):
    """``Claude Sonnet`` / ``claude_sonnet`` / ``claude-sonnet`` -> ``claude-sonnet``."""
    words = (family or "").strip().lower().replace("_", " ").replace("-", " ").split()
    return "-".join(words)


def check_intent(name, intent):
    """The intent with defaults, or SelectionError for bad input (before any AWS call)."""
    if not isinstance(intent, dict):
        raise SelectionError("Intent %s must be a dictionary (provider, family, cross_region, ...)." % name)
    unknown = set(intent) - {"provider", "family", "cross_region", "allowed_profile_prefixes"}
    if unknown:
        raise SelectionError(
            "Intent %s has unknown keys %s; use provider, family, cross_region and allowed_profile_prefixes." % (name, ", ".join(sorted(unknown)))
        )
    provider = (intent.get("provider") or "").strip()
    family = normalize_family(intent.get("family"))
    if not provider or not family:
        raise SelectionError("Intent %s needs a provider (e.g. Anthropic) and a family (e.g. Claude Sonnet)." % name)
    cross_region = intent.get("cross_region") or "geographic"
    if cross_region not in CROSS_REGION_CHOICES:
        raise SelectionError("Intent %s: cross_region must be one of %s (got %s)." % (name, ", ".join(CROSS_REGION_CHOICES), cross_region))
    prefixes = intent.get("allowed_profile_prefixes")
    if prefixes is not None:
        if isinstance(prefixes, str) or not all(isinstance(p, str) and p for p in prefixes):
            raise SelectionError('Intent %s: allowed_profile_prefixes must be a list such as ["eu."].' % name)
        prefixes = [p if p.endswith(".") else p + "." for p in prefixes]
    return {"provider": provider, "family": family, "cross_region": cross_region, "allowed_profile_prefixes": prefixes}


def _family_members(intent, models):
    provider = intent["provider"].lower()
    found = []
    for model in models:
        parsed = lineage(model["model_id"])
        if parsed is None or (model.get("provider_name") or "").lower() != provider:
            continue
        if parsed[1] == intent["family"] or parsed[1].startswith(intent["family"] + "-"):
            found.append(model)
    return found


def _newest_first(models):
    def key(model):
        start = (model.get("lifecycle") or {}).get("start_of_life_time") or ""
        return (lineage(model["model_id"])[2], str(start))

    return sorted(models, key=key, reverse=True)


def _how_to_call(model, intent, profiles, region):
    """(call_as, profile or None, routing) for the model under the intent, or (None, None, reason)."""
    allowed = intent["allowed_profile_prefixes"]
    geographies = [g for g in (region_geographies(region) or ()) if g != "global"]
    carrying = [p for p in profiles if model["model_id"] in (p.get("model_ids") or [])]
    if allowed is not None:
        carrying = [p for p in carrying if any(p["id"].startswith(prefix) for prefix in allowed)]
    geographic = sorted(
        (p for p in carrying if p.get("geography") not in (None, "global") and (not geographies or p.get("geography") in geographies)), key=lambda p: p["id"]
    )
    global_ = [p for p in carrying if p.get("geography") == "global"]
    on_demand = "ON_DEMAND" in (model.get("inference_types_supported") or [])
    order = {"in_region": [], "geographic": [geographic], "global": [global_, geographic]}[intent["cross_region"]]
    for group in order:
        if group:
            profile = group[0]
            routing = "global" if profile.get("geography") == "global" else "geographic (%s)" % profile["geography"]
            return profile["id"], profile, routing
    if on_demand:
        return model["model_id"], None, "in-Region on demand"
    reason = "needs an inference profile and none fits cross_region=%s" % intent["cross_region"]
    if allowed is not None:
        reason += " within allowed_profile_prefixes %s" % ", ".join(allowed)
    return None, None, reason


def resolve_intent(name, intent, models, profiles, region, now=None):
    """The model to use for ``intent`` in ``region``; SelectionError when nothing fits."""
    now = now or utc_now()
    intent = check_intent(name, intent)
    members = _newest_first(_family_members(intent, models))
    chosen, alternatives = None, []
    for model in members:
        lifecycle = describe_lifecycle(model.get("lifecycle"), now)
        call_as, profile, routing = _how_to_call(model, intent, profiles, region)
        option = {
            "model_id": model["model_id"],
            "model_name": model.get("model_name"),
            "call_as": call_as,
            "profile_id": profile["id"] if profile else None,
            "lifecycle": lifecycle,
        }
        if lifecycle["state"] != ACTIVE:
            option["reason"] = "%s, not ACTIVE" % (lifecycle["state"] or "lifecycle unknown")
        elif call_as is None:
            option["reason"] = routing
        elif chosen is None:
            chosen = dict(option, routing=routing)
            continue
        else:
            option["reason"] = "older than %s" % chosen["model_id"]
        alternatives.append(option)
    if chosen is None:
        offered = ", ".join("%s (%s)" % (a["model_id"], a["reason"]) for a in alternatives) or "none"
        raise SelectionError(
            "No ACTIVE %s model of %s can be called from %s as intent %s asks (cross_region=%s%s). Models of the "
            "family there: %s. Widen cross_region or allowed_profile_prefixes, or choose another family or Region."
            % (
                intent["family"],
                intent["provider"],
                region,
                name,
                intent["cross_region"],
                (", allowed_profile_prefixes=%s" % intent["allowed_profile_prefixes"]) if intent["allowed_profile_prefixes"] is not None else "",
                offered,
            )
        )
    chosen["why"] = "Newest ACTIVE %s model of %s in %s (start of life %s), called %s as %s." % (
        intent["family"],
        intent["provider"],
        region,
        (chosen["lifecycle"]["start_of_life_time"] or "unknown")[:10],
        chosen["routing"],
        chosen["call_as"],
    )
    chosen.update(name=name, intent=intent, region=region, alternatives=alternatives, newest=chosen["model_id"], pinned=False, notices=[])
    return chosen


def lock_entry(selection, now=None):
    """What the lock file keeps for one resolved intent."""
    now = now or utc_now()
    entry = {
        "model_id": selection["model_id"],
        "call_as": selection["call_as"],
        "profile_id": selection["profile_id"],
        "region": selection["region"],
        "resolved_at": now.replace(microsecond=0).isoformat(),
    }
    for key in LOCK_DATE_KEYS:
        if selection["lifecycle"].get(key):
            entry[key] = selection["lifecycle"][key]
    return entry


def _notice(code, name, message):
    return {"code": code, "intent": name, "message": message}


def apply_pin(selection, pin, models, upgrade=False, follow_newest=False, now=None):
    """The selection with the pin of the lock file applied (kept, or switched when told).

    ``pin``: the lock entry of this intent (None when the lock has none).
    Returns the selection to use; ``notices`` say what the operator should know.
    """
    now = now or utc_now()
    name, newest = selection["name"], selection["model_id"]
    if not pin:
        selection["notices"].append(
            _notice("pinned_new", name, "Intent %s resolved to %s (call as %s): commit the lock file to pin it." % (name, newest, selection["call_as"]))
        )
        return selection
    if pin.get("region") and pin["region"] != selection["region"]:
        raise SelectionError(
            "The lock pins intent %s for %s, not %s: use one lock file per Region and environment." % (name, pin["region"], selection["region"])
        )
    listed = {m["model_id"]: m for m in models}
    pinned_model = listed.get(pin["model_id"])
    switch = upgrade or follow_newest
    if pinned_model is None:
        eol = pin.get("end_of_life_time")
        # AWS no longer lists it: it is gone whatever the local clock says; name the date the lock remembers.
        retired = ("was retired on %s (end of life)" % eol[:10]) if eol else ("is no longer offered in %s (end of life)" % selection["region"])
        if not switch:
            raise SelectionError(
                "Intent %s is pinned to %s, which %s: use %s via %s. Name the intent in upgrade to switch, "
                "then commit the new lock file." % (name, pin["model_id"], retired, newest, selection["call_as"])
            )
        selection["notices"].append(_notice("upgraded", name, "Intent %s switched from %s (which %s) to %s." % (name, pin["model_id"], retired, newest)))
        return selection
    if pin["model_id"] == newest and pin.get("call_as") == selection["call_as"]:
        selection["pinned"] = True
        return selection
    lifecycle = describe_lifecycle(pinned_model.get("lifecycle"), now)
    if switch:
        selection["notices"].append(
            _notice("upgraded", name, "Intent %s switched from %s to %s (call as %s)." % (name, pin["model_id"], newest, selection["call_as"]))
        )
        return selection
    kept = dict(
        selection,
        model_id=pin["model_id"],
        model_name=pinned_model.get("model_name"),
        call_as=pin.get("call_as") or pin["model_id"],
        profile_id=pin.get("profile_id"),
        lifecycle=lifecycle,
        pinned=True,
        newest=newest,
        why="Pinned by the lock file (resolved %s); the newest match is %s." % ((pin.get("resolved_at") or "earlier")[:10], newest),
    )
    kept["notices"] = []
    if lifecycle["state"] == LEGACY:
        kept["notices"].append(
            _notice(
                "pinned_legacy",
                name,
                "Intent %s is pinned to %s, which is LEGACY%s%s: move to %s (call as %s) with "
                "upgrade."
                % (
                    name,
                    pin["model_id"],
                    " since %s" % lifecycle["legacy_time"][:10] if lifecycle["legacy_time"] else "",
                    ", end of life %s" % lifecycle["end_of_life_time"][:10] if lifecycle["end_of_life_time"] else "",
                    newest,
                    selection["call_as"],
                ),
            )
        )
    if pin["model_id"] != newest:
        kept["notices"].append(
            _notice(
                "newer_available",
                name,
                "Intent %s is pinned to %s; a newer ACTIVE model, %s (call as %s), is offered "
                "in %s. Set upgrade to switch." % (name, pin["model_id"], newest, selection["call_as"], selection["region"]),
            )
        )
    elif pin.get("call_as") != selection["call_as"]:
        kept["notices"].append(
            _notice(
                "route_changed",
                name,
                "Intent %s is pinned to call %s; the intent now resolves to %s. Set upgrade to switch." % (name, pin.get("call_as"), selection["call_as"]),
            )
        )
    return kept


def build_lock(selections, previous=None, now=None):
    """The lock file's content: ``{"version": 1, "models": {name: entry}}``.

    An entry that still pins the same model and call is kept as it was, with
    the lifecycle dates AWS publishes now added (so a later run can name the
    end-of-life date of a model AWS no longer lists).
    """
    previous = (previous or {}).get("models") or {}
    models = {}
    for selection in selections:
        old = previous.get(selection["name"])
        if old and old.get("model_id") == selection["model_id"] and old.get("call_as") == selection["call_as"]:
            entry = dict(old)
            for key in LOCK_DATE_KEYS:
                if (selection.get("lifecycle") or {}).get(key):
                    entry[key] = selection["lifecycle"][key]
            models[selection["name"]] = entry
        else:
            models[selection["name"]] = lock_entry(selection, now)
    return {"version": LOCK_VERSION, "models": models}


def known_dates_from_lock(lock):
    """``{model_id: {date key: value}}`` remembered by a lock file (for model_lifecycle.annotate_entries)."""
    found = {}
    for entry in ((lock or {}).get("models") or {}).values():
        dates = {key: entry[key] for key in LOCK_DATE_KEYS if entry.get(key)}
        if entry.get("model_id") and dates:
            found[entry["model_id"]] = dates
    return found
