-- An office's telephone number(s) as written (โทร.), for the people who follow letters up by phone.
ALTER TABLE orgs ADD COLUMN phone TEXT;
