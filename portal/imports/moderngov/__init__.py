"""Reading a council's record out of ModernGov's public web service (`{base}/mgWebService.asmx`) into the portal."""
