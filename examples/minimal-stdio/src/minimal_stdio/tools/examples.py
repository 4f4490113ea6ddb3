"""Example tools: a connection check and a validated search over the bundled documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastmcp.exceptions import ToolError
from fastmcp.tools import tool
from pydantic import Field
from typing_extensions import TypedDict

Category = Literal["legal", "finance", "engineering"]


@dataclass(frozen=True)
class Document:
    """A document in the searchable index."""

    title: str
    url: str
    category: Category
    body: str


class SearchHit(TypedDict):
    """One search result."""

    title: str
    url: str
    category: Category
    snippet: str


# A small in-memory index so the tool works out of the box; replace it with your own store.
DOCUMENTS: tuple[Document, ...] = (
    Document(
        "Expense policy",
        "https://docs.example.com/finance/expenses",
        "finance",
        "Employees submit expenses within 30 days. Travel and meals need receipts.",
    ),
    Document(
        "Quarterly budget process",
        "https://docs.example.com/finance/budget",
        "finance",
        "Budgets are proposed by each team lead and approved by finance every quarter.",
    ),
    Document(
        "Contract review checklist",
        "https://docs.example.com/legal/contracts",
        "legal",
        "Every vendor contract needs a data processing agreement and a liability cap.",
    ),
    Document(
        "Deployment guide",
        "https://docs.example.com/engineering/deploy",
        "engineering",
        "Deploy with Docker; the health check endpoint is /health and secrets come from env.",
    ),
    Document(
        "Incident response",
        "https://docs.example.com/engineering/incidents",
        "engineering",
        "Page the on-call engineer, open an incident channel and write a postmortem.",
    ),
)

MAX_SNIPPET = 160
READ_ONLY = {"readOnlyHint": True, "openWorldHint": False}


@tool(annotations=READ_ONLY)
def hello(
    name: Annotated[
        str, Field(min_length=1, max_length=100, description="The person's name, 1-100 characters.")
    ],
) -> str:
    """Greet someone by name. Use it to check that the server is reachable.

    Returns a greeting such as "Hello, Ada!".

    Args:
        name: The person's name, 1-100 characters.
    """
    cleaned = name.strip()
    if not cleaned:
        raise ToolError("name must contain at least one non-space character.")
    return f"Hello, {cleaned}!"


def _matches(document: Document, query: str) -> bool:
    text = f"{document.title} {document.body}".lower()
    alternatives = [part.split() for part in query.lower().split(" or ")]
    # Terms within an alternative must all match (AND); any alternative may match (OR).
    return any(
        terms and all(term in text for term in terms if term != "and") for terms in alternatives
    )


@tool(annotations=READ_ONLY)
def search_documents(
    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            description="Case-insensitive keywords; all must match. Join alternatives with OR.",
        ),
    ],
    max_results: Annotated[
        int, Field(ge=1, le=100, description="Maximum number of results, 1-100.")
    ] = 10,
    category: Annotated[
        Category | None, Field(description="Only return documents in this category.")
    ] = None,
) -> list[SearchHit]:
    """Search the internal documents (policies, guides, checklists) by keyword.

    Use it to answer questions about company policy, finance, legal or engineering
    procedures. Returns matching documents, best first, each with title, url, category and a
    snippet; an empty list means nothing matched.

    Args:
        query: Case-insensitive keywords. All words must match ("travel receipts");
            join alternatives with OR ("budget OR expenses"). 1-200 characters.
        max_results: Maximum number of results, 1-100. Default 10.
        category: Optional filter: 'legal', 'finance' or 'engineering'.
    """
    if not query.strip():
        raise ToolError("query must contain at least one keyword.")
    hits: list[SearchHit] = []
    for document in DOCUMENTS:
        if category is not None and document.category != category:
            continue
        if _matches(document, query):
            hits.append(
                SearchHit(
                    title=document.title,
                    url=document.url,
                    category=document.category,
                    snippet=document.body[:MAX_SNIPPET],
                )
            )
    return hits[:max_results]
