"""Dokumen Evaluasi Kinerja Pegawai (issue 14): content (pure), gather (reads the store), pdf
(lays it out), make (issues it: code and digest), views (the pages), bulk (the CLI's zip)."""
