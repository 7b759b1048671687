"""One-stop offices and postal units: where dossiers are received and who serves which wards."""
