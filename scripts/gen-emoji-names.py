#!/usr/bin/env python3
"""Regenerates crates/stoa-core/src/emoji_names.txt: the system emoji names Stoa accepts for
reactions, from the npm package emoji-datasource (MIT licence): every short name, and every
short name with a Mattermost-style skin tone suffix (`+1_dark_skin_tone`) where the emoji has
single-tone variations.

Usage: npm pack emoji-datasource@16.0.0 && tar xzf emoji-datasource-16.0.0.tgz &&
       scripts/gen-emoji-names.py package/emoji.json
"""
import json
import sys

TONES = {"1F3FB": "light", "1F3FC": "medium_light", "1F3FD": "medium", "1F3FE": "medium_dark", "1F3FF": "dark"}

emoji = json.load(open(sys.argv[1]))
names = set()
for e in emoji:
    for short in e["short_names"]:
        names.add(short)
        for tone in e.get("skin_variations", {}):
            if tone in TONES:
                names.add(f"{short}_{TONES[tone]}_skin_tone")

out = "crates/stoa-core/src/emoji_names.txt"
with open(out, "w") as f:
    for n in sorted(names):
        f.write(n + "\n")
print(f"{len(names)} names written to {out}")
