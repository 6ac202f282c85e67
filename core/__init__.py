"""The Coach domain: rules and services. Imports neither telegram nor sqlalchemy."""
