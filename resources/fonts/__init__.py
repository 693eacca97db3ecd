"""DejaVu Sans (regular, bold) for the PDFs; licence in LICENSE-DejaVu.txt."""
