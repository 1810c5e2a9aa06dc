"""Pydantic models of the HTTP API's JSON answers (OpenAPI response schemas): rows, pages, search hits, due tasks, health."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Text = str | None
Int = int | None


class _Model(BaseModel):
    # extra="allow": a column the store gains reaches the client before its model names it (never a 500)
    model_config = ConfigDict(extra="allow")


class _DocColumns(_Model):
    """The columns naming an item's document (kb.export `_DOC`)."""

    doc_id: str = Field(description="the document's id (GET /documents/{doc_id})")
    doc_number: Text = Field(description="its number (240/QĐ-TTg), null when it has none")
    doc_type: Text = Field(description="its type (Quyết định, Phụ lục …)")
    doc_date: Text = Field(description="its date of issue: YYYY-MM-DD, YYYY-MM or YYYY")
    file: str = Field(description="the source file, relative to the corpus folder")


class Task(_DocColumns):
    """A task: who must do what, with whom, by when."""

    id: str
    section: Text = Field(description="the section path (III.1.b)")
    text: str
    lead: list[str] = Field(description="agencies in charge (canonical names)")
    coordinating: list[str] = Field(description="agencies taking part")
    deadline: Text = Field(description="YYYY-MM-DD, YYYY-MM or YYYY: the last day")
    deadline_text: Text = Field(description="the words of the deadline (trong Quý I năm 2021)")
    recurrence: Text = Field(description="a recurring duty: monthly, quarterly, yearly …")
    recurrence_start: Text
    action: Text = Field(description="the verb of the task")
    status_hint: Text
    origin: Text = Field(description="text or table")
    table_row: Int
    start: Int = Field(description="character offset into the source text")
    end: Int
    state: Text = Field(None, description="open | done | cancelled (task tracking: tracking.sqlite)")
    successor: Text = Field(None, description="the body holding the lead's duties now (data/succession.csv)")
    lead_as_written: Text = Field(None, description="with successor=true: the leads as the document names them, `; `")
    coordinating_as_written: Text = Field(None, description="with successor=true: likewise for coordinating")


class Target(_DocColumns):
    """A target: which indicator must reach what level, in which year."""

    id: str
    section: Text
    indicator: Text
    unit: Text = Field(description="%, km, ha …")
    value: float | None
    value_max: float | None = Field(description="the upper bound of a range (10 - 15%)")
    comparator: Text = Field(description="=, >=, <=, > or <")
    year: Int
    basis: Text = Field(description="the document or year the level is measured against")
    text: Text
    origin: Text = Field(description="text or table")
    start: Int
    end: Int


class Reference(_DocColumns):
    """A citation: the document cited, and the sentence citing it."""

    section: Text
    type: Text = Field(description="the cited document's type")
    number: Text = Field(description="the cited document's number")
    date: Text = Field(description="the cited document's date (YYYY-MM-DD)")
    text: Text = Field(description="the words of the citation")
    sentence: Text = Field(description="the sentence citing it")
    cited_doc_id: Text = Field(description="the cited document's id when it is in the knowledge base")
    start: Int
    end: Int


class DocumentRow(_Model):
    """A document's stored fields and item counts."""

    id: str
    number: Text
    type: Text
    issuer: Text
    issued_date: Text
    year: Int
    place: Text
    title: Text
    signer: Text
    signer_title: Text
    attached_to: Text = Field(description="the number of the document a Phụ lục, Kế hoạch … comes with")
    file: str
    n_tasks: Int
    n_targets: Int
    n_references: Int
    sources: Text = Field(None, description="the files the document was read from, joined by `; ` (a document filed "
                                            "twice is listed once)")


class _Page(_Model):
    total: int = Field(description="rows matching, on every page")
    limit: int
    offset: int


class TaskPage(_Page):
    results: list[Task]


class TargetPage(_Page):
    results: list[Target]


class ReferencePage(_Page):
    results: list[Reference]


class DocumentPage(_Page):
    results: list[DocumentRow]


class Hit(_Model):
    """A search hit (kb.search.Hit)."""

    kind: Literal["task", "target", "document"]
    id: str
    doc_id: str
    doc_number: Text
    doc_type: Text
    file: str
    text: str = Field(description="the text searched")
    snippet: str = Field(description="the text around the matches, each match in [ ]")
    score: float = Field(description="BM25 (higher is better)")
    exact: bool = Field(description="every word matched with its accents")
    section: Text = None
    deadline: Text = None
    lead: list[str] = []
    coordinating: list[str] = []


class FacetCount(_Model):
    value: int | str | None
    count: int


class Facets(_Model):
    kind: list[FacetCount] = []
    year: list[FacetCount] = []
    doc_type: list[FacetCount] = []
    agency: list[FacetCount] = []


class SearchPage(_Page):
    query: str
    results: list[Hit]
    facets: Facets | None = Field(None, description="with facets=true: counts by kind, year, type and agency")


class DueTask(Task):
    status: Literal["overdue", "due"]
    days: int = Field(description="days until the deadline, negative when overdue")


class DuePage(_Model):
    total: int
    overdue: int = Field(description="how many open tasks are overdue")
    closed: Int = Field(None, description="how many are done or cancelled (with include_closed)")
    results: list[DueTask]


class KnowledgeBaseCounts(_Model):
    files: int
    documents: int
    tasks: int
    targets: int
    references: int
    built: Text = Field(description="when it was built (local time, ISO)")
    generation: Text = Field(description="changes with every build that changes it")


class Health(_Model):
    status: Literal["ok"]
    version: str
    knowledge_base: KnowledgeBaseCounts | None = Field(description="null until a knowledge base is built")


class Cite(_Model):
    """A reference of the document, resolved to the knowledge base where possible."""

    type: Text
    number: Text
    date: Text
    section: Text
    sentence: Text
    in_corpus: bool
    doc_id: Text
    file: Text


class CitedBy(_Model):
    """A document of the knowledge base citing this one."""

    id: str
    number: Text
    type: Text
    issued_date: Text
    title: Text
    file: str
    section: Text
    sentence: Text
    cited_as: Text = Field(description="the number as the citing document writes it")


class DocumentLinks(DocumentRow):
    """One document's stored fields, what it cites and what cites it."""

    ordinal: int = Field(description="its place among the documents of its file")
    sources: list[str] | None = Field(None, description="the files the document was read from")
    cites: list[Cite]
    cited_by: list[CitedBy]
