"""A throwaway publishable app, installed by the test settings only: it
shows that one registration (its publishable.py) is all a new publishable
model needs to be versioned, searchable, in the sitemap and in the roles."""
