# Adds or updates interface texts in both catalogues: add-messages.py < pairs.json
# where pairs.json is {"key": ["English", "Français"], ...}.
import json, sys
pairs = json.load(sys.stdin)
for i, lang in enumerate(["en", "fr"]):
    path = f"messages/{lang}.json"
    data = json.load(open(path))
    for key, texts in pairs.items():
        data[key] = texts[i]
    with open(path, "w") as f:
        json.dump(data, f, ensure_ascii=False, indent="\t")
        f.write("\n")
