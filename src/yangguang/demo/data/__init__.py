"""The demo region's content: organisation and accounts (``org``), flowchart templates
(``flows``) and the catalog of powers (``powers``)."""
