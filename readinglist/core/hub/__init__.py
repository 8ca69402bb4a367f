"""Following the Hugging Face Hub's papers lists: sources, fetching, completing papers by title.

Nothing here imports Qt. ``client`` is the only module that speaks HTTP (through
``huggingface_hub``'s session); what it brings is read by the same reader as a saved
papers API response (``core.dumps``, layout "hf-api") and imported through the same
merge rules as a file.
"""
