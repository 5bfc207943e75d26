from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0008_rule_names_in_chinese'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='link',
            field=models.CharField(blank=True, db_default='', max_length=200, verbose_name='link'),
        ),
    ]
