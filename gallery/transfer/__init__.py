"""Bulk import and export of portraits (CSV, photos, collections).

columns: the CSV's columns and limits; sources: where photos come from; forms: one form per
row; consent_checks: what the consent allows, asked of models/consent.py; importer: read,
check, compare; writer: write in one transaction; curated: the collections; exporter: the
export; exhibitions: which exhibition a command means; admin: the importer's admin view.
"""
