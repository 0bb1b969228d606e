// Small dossier documents for tests: a PDF any reader opens, and a marker
// to find its bytes again (the "never public" test looks for it).
#pragma once

#include <string>

namespace thidua::testing {

// A one-page PDF whose text stream holds `marker` (so each test document
// has its own bytes and hash). Readers tolerate the offsets not being
// exact; sniff_document checks only the header and the end marker.
inline std::string small_pdf(const std::string& marker = "TO-TRINH-THU-NGHIEM") {
  return "%PDF-1.4\n"
         "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
         "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n"
         "4 0 obj << /Length " +
         std::to_string(marker.size() + 20) +
         " >> stream\n"
         "BT /F1 12 Tf (" +
         marker +
         ") Tj ET\n"
         "endstream endobj\n"
         "trailer << /Root 1 0 R >>\n"
         "%%EOF\n";
}

}  // namespace thidua::testing
