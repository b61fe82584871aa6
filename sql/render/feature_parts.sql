-- Which optional parts of the features (load/features.sql's with_views, with_email, with_deciles) the audience
-- computes (render/FeatureParts.java: those whose columns the campaign's SQL filter or the kept columns read).
SET VARIABLE with_views = :views::BOOLEAN;
SET VARIABLE with_email = :email::BOOLEAN;
SET VARIABLE with_deciles = :deciles::BOOLEAN;
