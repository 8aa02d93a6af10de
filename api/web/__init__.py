"""The product manager's page: one HTML page, its own JS and CSS, and Plotly from its package."""
