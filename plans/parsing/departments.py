"""Department names as a cell or a sentence lists them."""

import re
from functools import lru_cache

from .normalize import normalize_text


@lru_cache(maxsize=4096)  # the same few departments fill thousands of rows
def split_departments(text: str) -> tuple[str, ...]:
    """ "市科技局社发科、成果科" → ("市科技局社发科", "市科技局成果科"): a shared prefix carries
    over to the names after it."""
    parts = [p.strip() for p in re.split(r"[、，,；;/\s]+|及|和", normalize_text(text)) if p.strip()]
    result, prefix = [], ""
    for part in parts:
        match = re.match(r"^(.+?(?:局|委|厅|办|中心|政府))(.+)$", part)
        if match and not part.startswith("各"):
            prefix = match.group(1)
        elif prefix and not part.startswith("各") and re.search(r"[科室股处]$", part):
            part = prefix + part
        result.append(part)
    return tuple(result)


def is_generic(name: str) -> bool:
    return name.startswith("各") or "各科室" in name or "各单位" in name
