"""Reading other address books in and writing the network out.

Readers (``linkedin``, ``vcard``, ``csv``, ``json``) turn a file into people to merge, naming the
line or record of anything they cannot read; writers (``json``, ``csv``, ``vcard``, ``markdown``,
``ics``) turn the network into bytes. No module here writes to disk or knows about the store.
"""
